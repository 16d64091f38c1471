//! A bound on the bytes of seeds being cleaned at once, across threads.
//!
//! Cleaning takes several times a seed's size in memory while it runs; with one large
//! seed per core that grew with the number of cores (four 16 MB seeds peaked at 3.9 GB
//! on two). Each cleaning first takes its seed's size from this budget and gives it back
//! when done, so large seeds queue while small ones keep every core busy.

use std::sync::{Condvar, Mutex};

/// Bytes of seed text that may be cleaned at the same time.
pub const IN_FLIGHT: usize = 48 << 20;

/// A counting semaphore over bytes.
#[derive(Debug)]
pub struct ByteBudget {
    left: Mutex<usize>,
    freed: Condvar,
    total: usize,
}

/// Bytes taken from a [`ByteBudget`], given back when dropped.
#[derive(Debug)]
pub struct Taken<'a> {
    budget: &'a ByteBudget,
    bytes: usize,
}

impl ByteBudget {
    /// A budget of `total` bytes.
    pub fn new(total: usize) -> ByteBudget {
        ByteBudget {
            left: Mutex::new(total),
            freed: Condvar::new(),
            total,
        }
    }

    /// Waits until `bytes` (at most the whole budget, so that any seed can run) are free.
    pub fn take(&self, bytes: usize) -> Taken<'_> {
        let bytes = bytes.min(self.total);
        let mut left = self.left.lock().unwrap_or_else(|e| e.into_inner());
        while *left < bytes {
            left = self.freed.wait(left).unwrap_or_else(|e| e.into_inner());
        }
        *left -= bytes;
        Taken {
            budget: self,
            bytes,
        }
    }
}

impl Default for ByteBudget {
    fn default() -> Self {
        ByteBudget::new(IN_FLIGHT)
    }
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        let mut left = self.budget.left.lock().unwrap_or_else(|e| e.into_inner());
        *left += self.bytes;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn never_more_than_the_budget_at_once() {
        let budget = ByteBudget::new(100);
        let (now, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for size in [60, 60, 60, 30, 200, 10] {
                let (budget, now, peak) = (&budget, &now, &peak);
                s.spawn(move || {
                    let _t = budget.take(size);
                    let n = now.fetch_add(size.min(100), Ordering::SeqCst) + size.min(100);
                    peak.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    now.fetch_sub(size.min(100), Ordering::SeqCst);
                });
            }
        });
        assert!(peak.load(Ordering::SeqCst) <= 100);
    }
}
