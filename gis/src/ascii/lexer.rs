//! Splits an ESRI ASCII grid into whitespace-separated tokens while tracking line and
//! column. Streams from a reader with bounded memory: a token longer than
//! [`MAX_TOKEN_BYTES`] is an error, however long the line.

use std::io::{self, BufRead};

use crate::AsciiProblem;

/// No number or header key is longer; `f64` shortest forms need at most 24 bytes.
pub(crate) const MAX_TOKEN_BYTES: usize = 256;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: u64,
    pub column: u64,
}

/// A failure while tokenising.
#[derive(Debug)]
pub(crate) enum LexError {
    /// The reader failed.
    Io(io::Error),
    /// The text is malformed at a position.
    At(Pos, AsciiProblem),
}

impl From<io::Error> for LexError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// Tokeniser over a buffered reader.
pub(crate) struct Lexer<R> {
    reader: R,
    pos: Pos,
    token: Vec<u8>,
}

impl<R: BufRead> Lexer<R> {
    /// Starts at line 1, column 1.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            pos: Pos { line: 1, column: 1 },
            token: Vec::new(),
        }
    }

    /// Where the next unread character is (the end of the file once it is reached).
    pub fn pos(&self) -> Pos {
        self.pos
    }

    /// The text of the token last returned by [`Self::next_token`].
    pub fn text(&self) -> &str {
        // `next_token` only returns after checking that the token is UTF-8.
        std::str::from_utf8(&self.token).unwrap_or_default()
    }

    /// Advances to the next token and returns its start, or `None` at the end of input.
    pub fn next_token(&mut self) -> Result<Option<Pos>, LexError> {
        self.token.clear();
        let mut start = None;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                if b.is_ascii_whitespace() {
                    if start.is_some() {
                        ended = true;
                        break;
                    }
                } else {
                    let at = *start.get_or_insert(self.pos);
                    if self.token.len() == MAX_TOKEN_BYTES {
                        let problem = AsciiProblem::TokenTooLong {
                            limit: MAX_TOKEN_BYTES,
                        };
                        return Err(LexError::At(at, problem));
                    }
                    self.token.push(b);
                }
                advance(&mut self.pos, b);
                used += 1;
            }
            self.reader.consume(used);
            if ended {
                break;
            }
        }
        match start {
            Some(at) => self.check_utf8(at).map(Some),
            None => Ok(None),
        }
    }

    /// Refuses a token that is not UTF-8, pointing at the first bad byte.
    fn check_utf8(&self, at: Pos) -> Result<Pos, LexError> {
        match std::str::from_utf8(&self.token) {
            Ok(_) => Ok(at),
            Err(e) => {
                let valid = &self.token[..e.valid_up_to()];
                let chars = std::str::from_utf8(valid).map_or(0, |s| s.chars().count());
                let pos = Pos {
                    line: at.line,
                    column: at.column + chars as u64,
                };
                let byte = self.token[e.valid_up_to()];
                Err(LexError::At(pos, AsciiProblem::NotUtf8 { byte }))
            }
        }
    }
}

/// Moves `pos` past byte `b`; UTF-8 continuation bytes do not start a new column.
fn advance(pos: &mut Pos, b: u8) {
    if b == b'\n' {
        pos.line += 1;
        pos.column = 1;
    } else if !(0x80..0xC0).contains(&b) {
        pos.column += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &[u8]) -> Vec<(String, u64, u64)> {
        let mut lexer = Lexer::new(input);
        let mut out = Vec::new();
        while let Some(p) = lexer.next_token().unwrap() {
            out.push((lexer.text().to_owned(), p.line, p.column));
        }
        out
    }

    #[test]
    fn tracks_lines_and_columns() {
        let got = tokens(b"ncols 3\r\n  1 \t2\n\xC3\xA9 x");
        let want = [
            ("ncols", 1, 1),
            ("3", 1, 7),
            ("1", 2, 3),
            ("2", 2, 6),
            ("é", 3, 1),
            ("x", 3, 3),
        ];
        let want: Vec<_> = want.iter().map(|&(t, l, c)| (t.to_owned(), l, c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn refuses_bad_utf8_and_long_tokens() {
        let mut lexer = Lexer::new(&b"1 ab\xFFc"[..]);
        lexer.next_token().unwrap();
        match lexer.next_token() {
            Err(LexError::At(pos, AsciiProblem::NotUtf8 { byte: 0xFF })) => {
                assert_eq!(pos, Pos { line: 1, column: 5 })
            }
            other => panic!("unexpected {other:?}"),
        }
        let long = vec![b'9'; MAX_TOKEN_BYTES + 1];
        let mut lexer = Lexer::new(&long[..]);
        assert!(matches!(
            lexer.next_token(),
            Err(LexError::At(_, AsciiProblem::TokenTooLong { .. }))
        ));
    }
}
