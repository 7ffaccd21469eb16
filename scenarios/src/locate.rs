//! Finds where a field path (`succession.transitions[3].to`) stands in RON text, so that
//! problems found after parsing can still name a line and column.
//!
//! A small recursive reader of RON's value grammar that records the position of every
//! field name and list element. It never fails: on text it does not understand it
//! stops recording, and lookups fall back to the nearest recorded ancestor.

use std::collections::BTreeMap;

/// Line and column, both 1-based.
pub type LineCol = (usize, usize);

/// Positions of the field paths of one RON document.
#[derive(Debug, Default)]
pub struct Locator {
    positions: BTreeMap<String, LineCol>,
}

impl Locator {
    /// Records the positions in `text`.
    pub fn new(text: &str) -> Self {
        let mut reader = Reader {
            chars: text.chars().collect(),
            at: 0,
            line: 1,
            col: 1,
        };
        let mut positions = BTreeMap::new();
        reader.skip_attributes();
        reader.value("", &mut positions, 0);
        Self { positions }
    }

    /// Where `path` stands, or its nearest recorded ancestor.
    pub fn find(&self, path: &str) -> Option<LineCol> {
        let mut path = path;
        loop {
            if let Some(&at) = self.positions.get(path) {
                return Some(at);
            }
            match path.rfind(['.', '[']) {
                Some(end) => path = &path[..end],
                None => return self.positions.get("").copied(),
            }
        }
    }
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    line: usize,
    col: usize,
}

const MAX_DEPTH: usize = 64;

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            (self.line, self.col) = (self.line + 1, 1);
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.chars.get(self.at + 1).copied()) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => self.skip_block_comment(),
                _ => return,
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.bump() {
            match (c, self.peek()) {
                ('/', Some('*')) => {
                    self.bump();
                    depth += 1;
                }
                ('*', Some('/')) => {
                    self.bump();
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn skip_attributes(&mut self) {
        self.skip_trivia();
        while self.peek() == Some('#') {
            while self.peek().is_some_and(|c| c != ']') {
                self.bump();
            }
            self.bump();
            self.skip_trivia();
        }
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
        {
            s.push(c);
            self.bump();
        }
        s
    }

    /// Reads one value; records `path` at its start.
    fn value(&mut self, path: &str, out: &mut BTreeMap<String, LineCol>, depth: usize) {
        self.skip_trivia();
        out.entry(path.to_owned()).or_insert((self.line, self.col));
        if depth > MAX_DEPTH {
            // Too deep to be a scenario: stop recording (lookups use the ancestors).
            self.at = self.chars.len();
            return;
        }
        match self.peek() {
            Some('(') => self.group(path, out, depth),
            Some('[') => self.list(path, out, depth),
            Some('{') => self.skip_balanced(),
            Some('"') => self.string(),
            Some('r') if matches!(self.chars.get(self.at + 1), Some('"' | '#')) => {
                self.raw_string()
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.ident();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    // An enum variant `Bay((…))` is a path segment, as serde names it.
                    let inner = if name.starts_with(char::is_uppercase) {
                        join(path, &name)
                    } else {
                        path.to_owned()
                    };
                    out.entry(inner.clone()).or_insert((self.line, self.col));
                    self.group(&inner, out, depth);
                }
            }
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, ',' | ')' | ']' | '}') && !c.is_whitespace())
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    /// A parenthesised struct (`name: value, …`) or tuple (`value, …`).
    fn group(&mut self, path: &str, out: &mut BTreeMap<String, LineCol>, depth: usize) {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(')') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    index += 1;
                    continue;
                }
                _ => {}
            }
            let start = (self.at, self.line, self.col);
            let name = self.ident();
            self.skip_trivia();
            if !name.is_empty() && self.peek() == Some(':') {
                self.bump();
                let child = join(path, &name);
                out.entry(child.clone()).or_insert((start.1, start.2));
                self.value(&child, out, depth + 1);
            } else {
                (self.at, self.line, self.col) = start;
                // A newtype wrapper `Variant((…))` is transparent; other tuple items are indexed.
                let child = if index == 0 {
                    path.to_owned()
                } else {
                    format!("{path}[{index}]")
                };
                self.value(&child, out, depth + 1);
                self.ensure_progress(start.0);
            }
        }
    }

    fn list(&mut self, path: &str, out: &mut BTreeMap<String, LineCol>, depth: usize) {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    index += 1;
                }
                _ => {
                    let start = self.at;
                    self.value(&format!("{path}[{index}]"), out, depth + 1);
                    self.ensure_progress(start);
                }
            }
        }
    }

    /// Skips one character if nothing was read since `start` (text the reader does
    /// not understand), so every loop ends.
    fn ensure_progress(&mut self, start: usize) {
        if self.at == start {
            self.bump();
        }
    }

    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|i| self.chars.get(self.at + i) == Some(&'#')) {
                (0..hashes).for_each(|_| {
                    self.bump();
                });
                return;
            }
        }
    }

    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.bump() {
            match c {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                '"' => {
                    self.at -= 1;
                    self.col -= 1;
                    self.string();
                }
                _ => {}
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_and_list_items() {
        let text = "// comment\n(\n  name: \"a(b\",\n  landscape: Bay((width: 3)),\n  rules: [\n    (from: \"x\"),\n    (from: \"y\", to: \"z\"),\n  ],\n)";
        let loc = Locator::new(text);
        assert_eq!(loc.find("name"), Some((3, 3)));
        assert_eq!(loc.find("landscape.Bay.width"), Some((4, 19)));
        assert_eq!(loc.find("rules[1].to"), Some((7, 17)));
        assert_eq!(loc.find("rules[1].missing"), Some((7, 5)));
        assert_eq!(loc.find("rules[0]"), Some((6, 5)));
    }

    #[test]
    fn survives_garbage() {
        let loc = Locator::new("(((( [ \"unterminated");
        assert!(loc.find("x").is_some());
        let deep = "(".repeat(10_000);
        let _ = Locator::new(&deep);
        for odd in [": : :", "(a: :)", "[: ,]", "(,,,)", "#", "r#\"x"] {
            let _ = Locator::new(odd);
        }
    }
}
