//! Coastal dynamics: the intertidal environment, Spartina alterniflora invasion,
//! mangrove and native salt marsh (being built; see issue 3).
