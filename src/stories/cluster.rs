//! Groups from scored pairs: union-find over edges taken strongest first, with an
//! average-link guard against chaining.
//!
//! Plain union-find is single-link: A–B and B–C at the threshold make one story of A, B
//! and C even when A and C (a summit and the next day's separate statement, say) share
//! little. So two groups merge only when the mean cosine over all their cross pairs
//! reaches [`LINK_THRESHOLD`](super::rewrite::LINK_THRESHOLD) as well, and never beyond
//! [`MAX_GROUP`] members. Comparing with the whole group rather than only its headline
//! keeps the decision independent of which member happens to be longest. Near-copy edges
//! skip the average check: a copy of a member is as close to the group as that member.
//!
//! Edges are sorted by (kind, score, keys), never by input position, so the result is the
//! same for any input order and thread count.

/// Most articles one automatic story may hold; bounds the cost of the average-link check.
pub const MAX_GROUP: usize = 64;

/// Why two articles were compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum EdgeKind {
    /// Near-identical text (MinHash estimate of the shingles' Jaccard).
    EstimatedCopy,
    /// Same event (cosine).
    Rewrite,
}

/// A scored pair of input indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Edge {
    pub a: usize,
    pub b: usize,
    /// Adjusted cosine (rewrites) or estimated Jaccard (copies).
    pub score: f64,
    /// The plain cosine, for explanations (the estimate for copies).
    pub cosine: f64,
    pub kind: EdgeKind,
}

/// The outcome of one edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Outcome {
    /// Merged two groups; `link` is their mean cross cosine (1.0 for copies).
    Merged { link: f64 },
    /// Already in one group.
    Redundant,
    /// Refused: the groups' mean cross cosine was too low.
    WeakLink { link: f64 },
    /// Refused: the merged group would exceed [`MAX_GROUP`].
    TooLarge,
    /// Refused: some cross pair reports different events (its leads name different days).
    CannotLink,
}

impl Outcome {
    /// The mean cross cosine the decision saw, when it computed one.
    pub fn link(&self) -> Option<f64> {
        match self {
            Outcome::Merged { link } | Outcome::WeakLink { link } => Some(*link),
            _ => None,
        }
    }
}

/// Disjoint sets over input indices, each root holding its members.
pub(crate) struct Groups {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Groups {
    /// Every index in its own group.
    pub fn new(n: usize) -> Self {
        Groups {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }

    /// Root of an index's group.
    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two groups (by root).
    pub fn union(&mut self, ra: usize, rb: usize) {
        let (big, small) = if self.members[ra].len() >= self.members[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let moved = std::mem::take(&mut self.members[small]);
        self.members[big].extend(moved);
        self.parent[small] = big;
    }

    /// Applies one edge, with the average-link guard for rewrites.
    /// `sim` is `None` for a pair that must never share a group.
    pub fn apply(
        &mut self,
        e: &Edge,
        link_threshold: f64,
        sim: impl Fn(usize, usize) -> Option<f64>,
    ) -> Outcome {
        let (ra, rb) = (self.find(e.a), self.find(e.b));
        if ra == rb {
            return Outcome::Redundant;
        }
        if self.members[ra].len() + self.members[rb].len() > MAX_GROUP {
            return Outcome::TooLarge;
        }
        let (ma, mb) = (&self.members[ra], &self.members[rb]);
        let sim = &sim;
        let cross: Option<Vec<f64>> = ma
            .iter()
            .flat_map(|&x| mb.iter().map(move |&y| sim(x, y)))
            .collect();
        let Some(cross) = cross else {
            return Outcome::CannotLink;
        };
        let link = match e.kind {
            EdgeKind::EstimatedCopy => 1.0,
            EdgeKind::Rewrite => cross.iter().sum::<f64>() / cross.len() as f64,
        };
        if link < link_threshold {
            return Outcome::WeakLink { link };
        }
        self.union(ra, rb);
        Outcome::Merged { link }
    }
}

/// Sorts edges: copies first, then by score (highest first), then by the pair's ranks in
/// the canonical (date, key) order, which do not depend on input positions.
pub(crate) fn sort_edges<K: Ord>(edges: &mut [Edge], rank: impl Fn(usize) -> K) {
    let pair = |e: &Edge| {
        let (x, y) = (rank(e.a), rank(e.b));
        if x <= y { (x, y) } else { (y, x) }
    };
    edges.sort_by(|x, y| {
        matches!(x.kind, EdgeKind::Rewrite)
            .cmp(&matches!(y.kind, EdgeKind::Rewrite))
            .then(y.score.total_cmp(&x.score))
            .then_with(|| pair(x).cmp(&pair(y)))
    });
}

/// Applies sorted edges over `n` local indices (`local` maps an edge's ends to them);
/// returns each local index's group root and every decision that was not redundant.
pub(crate) fn decide(
    n: usize,
    edges: &[Edge],
    local: impl Fn(u32) -> usize,
    sim: impl Fn(usize, usize) -> Option<f64>,
) -> (Vec<usize>, Vec<(Edge, Outcome)>) {
    let mut groups = Groups::new(n);
    let mut decisions = Vec::new();
    for e in edges {
        let l = Edge {
            a: local(e.a as u32),
            b: local(e.b as u32),
            ..*e
        };
        match groups.apply(&l, super::rewrite::LINK_THRESHOLD, &sim) {
            Outcome::Redundant => {}
            outcome => decisions.push((*e, outcome)),
        }
    }
    let roots = (0..n).map(|x| groups.find(x)).collect();
    (roots, decisions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(a: usize, b: usize, score: f64) -> Edge {
        Edge {
            a,
            b,
            score,
            cosine: score,
            kind: EdgeKind::Rewrite,
        }
    }

    #[test]
    fn chain_through_a_middle_article_is_refused() {
        // 0–1 and 1–2 are strong, 0–2 is not: single link would make one group.
        let sim = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (0, 1) => Some(0.6),
            (1, 2) => Some(0.35),
            _ => Some(0.0),
        };
        let mut g = Groups::new(3);
        assert_eq!(
            g.apply(&edge(0, 1, 0.6), 0.2, sim),
            Outcome::Merged { link: 0.6 }
        );
        let out = g.apply(&edge(1, 2, 0.35), 0.2, sim);
        assert!(
            matches!(out, Outcome::WeakLink { link } if (link - 0.175).abs() < 1e-9),
            "{out:?}"
        );
        assert_ne!(g.find(0), g.find(2));
    }

    #[test]
    fn copies_merge_without_the_link_check() {
        let mut g = Groups::new(2);
        let copy = Edge {
            a: 0,
            b: 1,
            score: 0.9,
            cosine: 0.9,
            kind: EdgeKind::EstimatedCopy,
        };
        assert_eq!(
            g.apply(&copy, 0.2, |_, _| Some(0.0)),
            Outcome::Merged { link: 1.0 }
        );
        assert_eq!(g.apply(&copy, 0.2, |_, _| Some(0.0)), Outcome::Redundant);
    }

    #[test]
    fn a_cannot_link_pair_keeps_groups_apart() {
        let mut g = Groups::new(3);
        assert!(matches!(
            g.apply(&edge(0, 1, 0.9), 0.2, |_, _| Some(0.9)),
            Outcome::Merged { .. }
        ));
        let veto = |a: usize, b: usize| {
            if a.min(b) == 0 && a.max(b) == 2 {
                None
            } else {
                Some(0.9)
            }
        };
        assert_eq!(g.apply(&edge(1, 2, 0.9), 0.2, veto), Outcome::CannotLink);
    }
}
