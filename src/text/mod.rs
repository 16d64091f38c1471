//! Small text helpers shared by several stages; they sit below all of them, so no stage
//! imports another one up or down the pipeline for them.

pub mod packed;
pub mod sentences;
pub mod url;
pub mod words;
