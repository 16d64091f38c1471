//! Stage 2: find the seed files, read and decode them; saved web pages are reduced to
//! their main article here ([`html`]).

pub mod html;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, Result, Warning};

/// Largest seed read, in bytes: no article is this long, and the cap bounds memory.
pub const MAX_SEED_BYTES: u64 = 16 * 1024 * 1024;

/// How an input file is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Decides from the file name whether and how a file is read.
pub fn kind_of(path: &Path) -> Option<SourceKind> {
    match path.extension().and_then(|e| e.to_str()) {
        None => Some(SourceKind::Text),
        Some(ext) => match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(SourceKind::Text),
            "md" | "markdown" => Some(SourceKind::Markdown),
            "html" | "htm" | "xhtml" => Some(SourceKind::Html),
            _ => None,
        },
    }
}

/// Editor swap, backup and temp files never count as seeds.
pub fn is_editor_temp(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(".#")
        || name.starts_with('~')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Lists seed files under `dir`, sorted so builds are deterministic.
pub fn discover(dir: &Path, root: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            message: "the seeds folder does not exist".into(),
        });
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e.path().map(|p| display_path(p, root)).unwrap_or_default();
                warnings.push(Warning {
                    file,
                    message: format!("cannot be listed ({e}); skipped"),
                });
                continue;
            }
        };
        let path = entry.path();
        let hidden = entry.depth() > 0
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with('.'));
        if entry.path_is_symlink() {
            // Links to files are read; links to folders are not followed (no loops).
            let target_is_file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
            if !target_is_file {
                warnings.push(Warning {
                    file: display_path(path, root),
                    message: "is a link to a folder, a missing file or itself; not followed".into(),
                });
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if is_editor_temp(path) {
            continue;
        }
        if hidden {
            // Dotfiles are normally tool droppings; one that looks like an article is named.
            if kind_of(path).is_some() && path.extension().is_some() {
                warnings.push(Warning {
                    file: display_path(path, root),
                    message: "is a hidden file (its name starts with '.'); skipped — rename it to include it".into(),
                });
            }
            continue;
        }
        if kind_of(path).is_none() {
            warnings.push(Warning {
                file: display_path(path, root),
                message: "is not a .txt, .md or .html file; skipped".into(),
            });
            continue;
        }
        files.push(path.to_path_buf());
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

/// Reads one file, decoding UTF-8, UTF-16 (with BOM) or Windows-1252.
pub fn read_one(path: &Path, root: &Path) -> std::result::Result<SourceFile, Warning> {
    let display = display_path(path, root);
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_SEED_BYTES
    {
        return Err(Warning {
            file: display,
            message: format!(
                "is {} MiB, larger than any article (limit {} MiB); skipped",
                meta.len() / (1024 * 1024),
                MAX_SEED_BYTES / (1024 * 1024)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Warning {
        file: display.clone(),
        message: format!("cannot be read ({e}); skipped"),
    })?;
    let text = decode_owned(bytes).map_err(|message| Warning {
        file: display.clone(),
        message,
    })?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        display,
        kind: kind_of(path).unwrap_or(SourceKind::Text),
        text,
    })
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
