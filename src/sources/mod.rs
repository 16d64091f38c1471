//! Stage 2: find the seed files, read and decode them; saved web pages are reduced to
//! their main article here ([`html`]).

pub mod document;
mod exports;
mod feed;
pub mod fields;
pub mod read;
mod warc;

pub use document::{DocId, Document, RecordKey};
pub use fields::FieldMap;
pub use read::{
    Emit, Format, Item, Known, collect_documents, none_known, read_documents, read_export,
    single_document,
};

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result, Warning};
pub use crate::paths::is_editor_temp;
use crate::paths::{Found, Judged, SiteRoot};

/// Largest seed read, in bytes: no article is this long, and the cap bounds memory.
pub const MAX_SEED_BYTES: u64 = 16 * 1024 * 1024;

/// How an input file is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A plain-text dump (`.txt`, or no extension).
    Text,
    /// Markdown (`.md`): inline markup is kept as written.
    Markdown,
    /// A saved web page (`.html`, `.htm`): the main article is extracted first.
    Html,
}

/// One decoded input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Path shown to the user (relative to the site root).
    pub display: String,
    /// How to read it.
    pub kind: SourceKind,
    /// Decoded text.
    pub text: String,
}

/// How a file that is one article is written, from its name; `None` for exports and
/// files briefing does not read.
pub fn kind_of(path: &Path) -> Option<SourceKind> {
    match Format::of(path)? {
        Format::Single(kind) => Some(kind),
        _ => None,
    }
}

/// What one path in the seeds folder is to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedEntry {
    /// A seed to read.
    Seed(PathBuf),
    /// Not a seed; the warning says why when the user would expect it to be one.
    NotSeed(Option<Warning>),
    /// A folder (its files are judged one by one).
    Folder,
    /// Nothing is there.
    Absent,
}

/// Judges one path under `seeds`: the one rule used by a full listing and by `serve`'s
/// file-by-file updates, so the two never disagree.
pub fn judge(site: &SiteRoot, seeds: &Path, path: &Path) -> SeedEntry {
    match site.judge(seeds, path) {
        Judged::File(found) => seed_rule(site, found),
        Judged::Folder => SeedEntry::Folder,
        Judged::Absent => SeedEntry::Absent,
        Judged::Skipped(w) => SeedEntry::NotSeed(w),
    }
}

/// Which readable files are seeds: not editor droppings, not hidden, of a known kind.
fn seed_rule(site: &SiteRoot, found: Found) -> SeedEntry {
    let path = found.path;
    if is_editor_temp(&path) {
        return SeedEntry::NotSeed(None);
    }
    let warn = |message: &str| {
        SeedEntry::NotSeed(Some(Warning {
            file: site.display(&path),
            message: message.into(),
        }))
    };
    if found.hidden {
        // Dotfiles are normally tool droppings; one that looks like an article is named.
        return if Format::of(&path).is_some() && path.extension().is_some() {
            warn("is a hidden file (its name starts with '.'); skipped — rename it to include it")
        } else {
            SeedEntry::NotSeed(None)
        };
    }
    if Format::of(&path).is_none() {
        return warn(
            "is not a format briefing reads (.txt, .md, .html, .jsonl, .json, .csv, .rss/.atom/.xml, .warc/.warc.gz); skipped",
        );
    }
    SeedEntry::Seed(path)
}

/// Lists seed files under `dir`, sorted so builds are deterministic.
pub fn discover(site: &SiteRoot, dir: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            message: "the seeds folder does not exist (or is not a folder)".into(),
        });
    }
    let (found, listing_warnings) = site.list_files(dir);
    warnings.extend(listing_warnings);
    let mut files = Vec::with_capacity(found.len());
    for f in found {
        match seed_rule(site, f) {
            SeedEntry::Seed(path) => files.push(path),
            SeedEntry::NotSeed(Some(w)) => warnings.push(w),
            _ => {}
        }
    }
    Ok(files)
}

/// Reads and decodes the files in parallel; unreadable ones become warnings.
pub fn read_all(paths: &[PathBuf], root: &Path) -> (Vec<SourceFile>, Vec<Warning>) {
    let results: Vec<std::result::Result<SourceFile, Warning>> =
        paths.par_iter().map(|p| read_one(p, root)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(w) => warnings.push(w),
        }
    }
    (files, warnings)
}

/// Reads one file, decoding UTF-8, UTF-16 (with BOM) or Windows-1252. Only regular files
/// are read, and never more than [`MAX_SEED_BYTES`]: a FIFO would block and a link to
/// `/dev/zero` would never end, whatever `stat` says of their size.
pub fn read_one(path: &Path, root: &Path) -> std::result::Result<SourceFile, Warning> {
    read_named(path, display_path(path, root))
}

/// [`read_one`], with the name the user knows the file by.
pub fn read_named(path: &Path, display: String) -> std::result::Result<SourceFile, Warning> {
    let fail = |message: String| Warning {
        file: display.clone(),
        message,
    };
    let bytes = read_capped(path, MAX_SEED_BYTES).map_err(|e| match e {
        Capped::NotAFile => {
            fail("is not a regular file (a folder, device, pipe or socket); skipped".into())
        }
        Capped::TooLarge => fail(format!(
            "is larger than any article (limit {} MiB); skipped",
            MAX_SEED_BYTES / (1024 * 1024)
        )),
        Capped::Io(e) => fail(format!("cannot be read ({e}); skipped")),
    })?;
    let text = without_noncharacters(decode_owned(bytes).map_err(fail)?);
    Ok(SourceFile {
        path: path.to_path_buf(),
        display: display.clone(),
        kind: kind_of(path).unwrap_or(SourceKind::Text),
        text,
    })
}

/// Why [`read_capped`] read nothing.
#[derive(Debug)]
pub enum Capped {
    /// Not a regular file once links are followed.
    NotAFile,
    /// More than the cap.
    TooLarge,
    /// The system refused.
    Io(std::io::Error),
}

/// Opens a regular file for streaming (judged before opening: a FIFO would block).
pub fn open_regular(path: &Path) -> std::result::Result<std::fs::File, Capped> {
    let meta = std::fs::metadata(path).map_err(Capped::Io)?;
    if !meta.is_file() {
        return Err(Capped::NotAFile);
    }
    std::fs::File::open(path).map_err(Capped::Io)
}

/// Reads a regular file of at most `cap` bytes: at most `cap + 1` bytes are ever read.
pub fn read_capped(path: &Path, cap: u64) -> std::result::Result<Vec<u8>, Capped> {
    use std::io::Read;
    // Judged before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(Capped::Io)?;
    if !meta.is_file() {
        return Err(Capped::NotAFile);
    }
    if meta.len() > cap {
        return Err(Capped::TooLarge);
    }
    let file = std::fs::File::open(path).map_err(Capped::Io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Capped::TooLarge);
    }
    Ok(bytes)
}

/// Drops Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and each plane's last
/// two): they are never text, and XML 1.0 and HTML forbid them in documents we write.
pub fn without_noncharacters(text: String) -> String {
    let noncharacter =
        |c: char| (c as u32 & 0xfffe) == 0xfffe || ('\u{fdd0}'..='\u{fdef}').contains(&c);
    // They all encode with a lead byte of 0xEF or 0xF0–0xF4: most text has neither.
    if !text
        .bytes()
        .any(|b| b == 0xef || (0xf0..=0xf4).contains(&b))
        || !text.chars().any(noncharacter)
    {
        return text;
    }
    text.chars().filter(|&c| !noncharacter(c)).collect()
}

/// Like [`decode`], but UTF-8 input becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> std::result::Result<String, String> {
    let plain_utf8 = !bytes.starts_with(&[0xef, 0xbb, 0xbf])
        && encoding_rs::Encoding::for_bom(&bytes).is_none()
        && !bytes[..bytes.len().min(8192)].contains(&0);
    if plain_utf8 {
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(text),
            Err(e) => decode(e.as_bytes()),
        };
    }
    decode(&bytes)
}

/// Decodes bytes to text, or explains why they are not text.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = enc.decode(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        if let Some(text) = decode_bomless_utf16(bytes) {
            return Ok(text);
        }
        // A stray NUL in text is damage, not a sign of a binary file; many are.
        if nuls * 100 > head.len() || std::str::from_utf8(head).is_err() {
            return Err("looks like a binary file, not text; skipped".into());
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let (text, _, _) = legacy_encoding(bytes).decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// The encoding of text that is not UTF-8: the one a page declares (`<meta charset>`)
/// when it names a real one, else chardetng's guess from the bytes (the detector
/// Firefox uses: Windows-1252 and the other single-byte ones, EUC-KR, Shift_JIS, GBK,
/// Big5, EUC-JP…).
fn legacy_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    if let Some(declared) = declared_charset(&bytes[..bytes.len().min(4096)])
        && declared != encoding_rs::UTF_8
    {
        return declared;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The charset a page names in its head (`charset=euc-kr`, `charset="Shift_JIS"`).
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let label: Vec<u8> = lower[at..]
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .copied()
        .collect();
    encoding_rs::Encoding::for_label(&label)
}

/// UTF-16 without a BOM shows as every other byte being NUL in ASCII-heavy text.
fn decode_bomless_utf16(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(4096)];
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    let enc = if odd_nuls * 10 > half * 7 && even_nuls * 10 < half {
        encoding_rs::UTF_16LE
    } else if even_nuls * 10 > half * 7 && odd_nuls * 10 < half {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (text, _, had_errors) = enc.decode(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// Shows a path relative to the site root when it lies inside it.
pub fn display_path(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_common_encodings() {
        assert_eq!(decode("héllo".as_bytes()).unwrap(), "héllo");
        assert_eq!(decode(b"\xef\xbb\xbfhi").unwrap(), "hi");
        assert_eq!(decode(b"caf\xe9 \x93q\x94").unwrap(), "café “q”");
        let utf16le: Vec<u8> = "Seoul"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&utf16le).unwrap(), "Seoul");
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(&utf16le);
        assert_eq!(decode(&with_bom).unwrap(), "Seoul");
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01").is_err());
    }

    #[test]
    fn noncharacters_are_dropped() {
        assert_eq!(
            without_noncharacters("a\u{fffe}b\u{ffff}c\u{fdd0}d\u{1fffe}".into()),
            "abcd"
        );
        assert_eq!(without_noncharacters("한국 ！ 😀".into()), "한국 ！ 😀");
    }

    #[test]
    fn legacy_east_asian_encodings_are_detected() {
        for (enc, text) in [
            (
                encoding_rs::EUC_KR,
                "이재명 대통령은 시진핑 국가주석과 정상회담을 갖고 한반도 평화를 위한 협력을 요청했다.",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "会談は、首脳会議にあわせて行われ、およそ三十分間にわたりました。両首脳は協力を確認した。",
            ),
            (
                encoding_rs::GBK,
                "国家主席习近平同韩国总统李在明举行会谈，双方就中韩关系和共同关心的问题深入交换意见。",
            ),
            (
                encoding_rs::BIG5,
                "南韓總統李在明在慶州與美國總統川普舉行會談，雙方同意共同推動北韓無核化，並加強同盟合作。",
            ),
        ] {
            let (bytes, _, _) = enc.encode(text);
            assert_eq!(decode(&bytes).unwrap(), text, "{}", enc.name());
        }
        // A page that declares its charset is read in it.
        let (body, _, _) = encoding_rs::EUC_KR.encode("<p>서울</p>");
        let mut page = b"<meta charset=\"euc-kr\">".to_vec();
        page.extend_from_slice(&body);
        assert_eq!(
            decode(&page).unwrap(),
            "<meta charset=\"euc-kr\"><p>서울</p>"
        );
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        for name in ["a.txt~", ".#a.txt", "a.txt.swp", "4913", "x.tmp"] {
            assert!(is_editor_temp(Path::new(name)), "{name}");
        }
        assert!(!is_editor_temp(Path::new("article.txt")));
    }
}
