//! Memory while cleaning stays within 8 times the seed's size plus a fixed amount
//! (issue 12, point 6): a 16 MB seed of one-letter lines once peaked at 1.69 GB, because
//! every line carried a candidate, a reason string and two copies of its text.
//! The peak is the child process's own (`getrusage(RUSAGE_CHILDREN)`), and this file
//! holds one test so that no other child is counted.

mod common;

/// What `briefing clean` needs for a tiny file (patterns, lexicon, allocator), with room.
const FIXED: u64 = 64 << 20;

#[test]
fn cleaning_a_large_seed_of_short_lines_costs_at_most_8x_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("dump.txt");
    let text = format!("Title of the dump\n\n{}", "a\n".repeat(4 << 20));
    std::fs::write(&seed, &text).unwrap();
    let out = common::briefing(dir.path(), &["clean", "dump.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lines"),
        "the block limit is reported: {stderr}"
    );
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given and keeps no pointer to it.
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    let peak = usage.ru_maxrss as u64 * 1024;
    let size = text.len() as u64;
    println!("peak {} MiB for a {} MiB seed", peak >> 20, size >> 20);
    assert!(
        peak <= 8 * size + FIXED,
        "peak {} MiB for a {} MiB seed (limit {} MiB)",
        peak >> 20,
        size >> 20,
        (8 * size + FIXED) >> 20
    );
}
