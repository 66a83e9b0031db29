//! Character encodings of imported files. Real address books mix them: a file that
//! concatenates a UTF-8 card and a Windows-1252 card, a Japanese phone's cards in
//! Shift_JIS said by `CHARSET`, UTF-16 with or without a byte-order mark. So the
//! encoding is decided as late as possible: UTF-16 for the whole file (it cannot be
//! mixed with anything), then per record, and per vCard property where `CHARSET` says.
//! Pure: bytes in, text out.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The bytes without a UTF-8 byte-order mark (UTF-16 was decoded as it was read,
/// [`utf16_as_utf8`]); anything else is left for the readers to decode record by
/// record ([`text`]).
pub fn without_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// The UTF-16 (little or big endian) of a file that starts with `head`, by its
/// byte-order mark or recognised without one; [`utf16_as_utf8`] reads it as UTF-8.
pub fn utf16(head: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(head) {
        Some((encoding, _)) => (encoding != UTF_8).then_some(encoding),
        None => utf16_without_bom(head),
    }
}

/// `input`, whose first bytes are `head`, in UTF-16 `encoding`, as UTF-8 as it is
/// read (its byte-order mark dropped), a chunk at a time, so that a file of any size
/// takes the same memory.
pub fn utf16_as_utf8<'a>(
    encoding: &'static Encoding,
    head: Vec<u8>,
    input: Box<dyn Read + 'a>,
) -> Box<dyn Read + 'a> {
    Box::new(
        encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .build(std::io::Cursor::new(head).chain(input)),
    )
}

/// UTF-16 without a byte-order mark, recognised by its zero bytes: text whose
/// characters are mostly ASCII (as every header and vCard property name is) has a zero
/// in every other byte, which UTF-8 and the single-byte encodings never have.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&byte| byte == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // At least 40% of the characters ASCII, and no zero on the other side.
    if odd * 5 >= pairs * 2 && even == 0 {
        Some(UTF_16LE)
    } else if even * 5 >= pairs * 2 && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// One record's bytes as text: UTF-8 when they are valid UTF-8, else Windows-1252
/// (every byte is something in it). The flag says the second happened, for a warning.
pub fn text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (WINDOWS_1252.decode_without_bom_handling(bytes).0, true),
    }
}

/// A reader that hands out UTF-8 from bytes that may not be: valid UTF-8 passes as it
/// is, and each invalid sequence is read as Windows-1252 (as [`text`] does a record,
/// here for a reader too large to hold), noting its line for a warning.
pub struct Utf8Reader<R> {
    inner: R,
    /// Bytes read but not yet converted: the start of a sequence cut by a read.
    raw: Vec<u8>,
    /// Converted bytes not yet handed out, from `at`.
    out: Vec<u8>,
    at: usize,
    /// The line the converted bytes have reached (counted from 1).
    line: usize,
    /// The lines where bytes were read as Windows-1252.
    decoded: Vec<usize>,
}

impl<R: std::io::Read> Utf8Reader<R> {
    pub fn new(inner: R) -> Self {
        Utf8Reader { inner, raw: Vec::new(), out: Vec::new(), at: 0, line: 1, decoded: Vec::new() }
    }

    /// The lines where bytes were not valid UTF-8 and were read as Windows-1252.
    pub fn decoded_lines(&self) -> &[usize] {
        &self.decoded
    }

    /// Converts what `raw` holds into `out`, but a sequence cut at its end unless
    /// the input has ended.
    fn convert(&mut self, ended: bool) {
        let mut rest = &self.raw[..];
        while !rest.is_empty() {
            let (valid, invalid) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), 0),
                Err(e) => (
                    e.valid_up_to(),
                    e.error_len().unwrap_or(if ended { rest.len() - e.valid_up_to() } else { 0 }),
                ),
            };
            let (text, after) = rest.split_at(valid);
            self.out.extend_from_slice(text);
            self.line += text.iter().filter(|b| **b == b'\n').count();
            if invalid == 0 {
                rest = after;
                break;
            }
            let (bad, after) = after.split_at(invalid);
            if self.decoded.last() != Some(&self.line) {
                self.decoded.push(self.line);
            }
            let decoded = WINDOWS_1252.decode_without_bom_handling(bad).0;
            self.line += decoded.matches('\n').count();
            self.out.extend_from_slice(decoded.as_bytes());
            rest = after;
        }
        let kept = rest.len();
        let start = self.raw.len() - kept;
        self.raw.drain(..start);
    }
}

impl<R: std::io::Read> std::io::Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            self.out.clear();
            self.at = 0;
            let start = self.raw.len();
            self.raw.resize(start + 64 * 1024, 0);
            let read = loop {
                match self.inner.read(&mut self.raw[start..]) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let read = read.inspect_err(|_| self.raw.truncate(start))?;
            self.raw.truncate(start + read);
            if self.raw.is_empty() {
                return Ok(0);
            }
            self.convert(read == 0);
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Bytes in the encoding a label such as vCard's `CHARSET=SHIFT_JIS` names (the WHATWG
/// labels, which cover what address books write); `None` for an unknown label.
pub fn text_in(bytes: &[u8], label: &str) -> Option<String> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() })
            .collect()
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        assert_eq!(without_utf8_bom(b"\xef\xbb\xbfZo\xc3\xab"), "Zoë".as_bytes());
        assert_eq!(without_utf8_bom(b"Zo\xeb,x\n"), b"Zo\xeb,x\n");
    }

    #[test]
    fn utf16_is_recognised_by_its_byte_order_mark_or_without_one_either_way_round() {
        let text = "BEGIN:VCARD\r\nFN:Schröder 陈大文\r\nEND:VCARD\r\n";
        assert_eq!(super::utf16(b"\xff\xfeZ\x00"), Some(encoding_rs::UTF_16LE));
        assert_eq!(super::utf16(b"\xfe\xff\x00Z"), Some(encoding_rs::UTF_16BE));
        assert_eq!(super::utf16(&utf16(text, false)), Some(encoding_rs::UTF_16LE));
        assert_eq!(super::utf16(&utf16(text, true)), Some(encoding_rs::UTF_16BE));
        // UTF-8 (with or without its mark) and Windows-1252 are not UTF-16.
        assert_eq!(super::utf16(text.as_bytes()), None);
        assert_eq!(super::utf16(b"\xef\xbb\xbfZo\xc3\xab"), None);
        assert_eq!(super::utf16(b"Zo\xeb,x\n"), None);
        assert_eq!(super::utf16(b"a"), None);
    }

    #[test]
    fn utf16_streams_as_utf8_whatever_the_pieces_it_comes_in() {
        let text = "First Name,Notes\r\nZoë,陈大文 \u{1F600}\r\n".repeat(2000);
        for bytes in [
            [&b"\xff\xfe"[..], &utf16(&text, false)].concat(),
            [&b"\xfe\xff"[..], &utf16(&text, true)].concat(),
            utf16(&text, false),
            utf16(&text, true),
        ] {
            for step in [1, 3, 4096] {
                let (head, rest) = bytes.split_at(7);
                let encoding = super::utf16(head).unwrap();
                let mut stream =
                    utf16_as_utf8(encoding, head.to_vec(), Box::new(Trickle { bytes: rest, step }));
                let mut read = String::new();
                stream.read_to_string(&mut read).unwrap();
                assert_eq!(read, text, "step {step}");
            }
        }
    }

    #[test]
    fn records_are_utf8_when_they_can_be_else_windows_1252() {
        assert_eq!(text("Schröder".as_bytes()), (Cow::Borrowed("Schröder"), false));
        assert_eq!(text(b"Schr\xf6der \x80"), (Cow::Owned::<str>("Schröder €".into()), true));
    }

    #[test]
    fn charset_labels_name_encodings() {
        assert_eq!(text_in(b"\x8eR\x93c", "SHIFT_JIS").as_deref(), Some("山田"));
        assert_eq!(text_in(b"\xf6", "iso-8859-1").as_deref(), Some("ö"));
        assert_eq!(text_in(b"x", "NO-SUCH-CHARSET"), None);
    }

    /// Hands out its bytes `step` at a time, cutting sequences anywhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn read_all(bytes: &[u8], step: usize) -> (String, Vec<usize>) {
        use std::io::Read;
        let mut reader = Utf8Reader::new(Trickle { bytes, step });
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        (text, reader.decoded_lines().to_vec())
    }

    #[test]
    fn a_utf8_reader_passes_utf8_through_however_the_reads_cut_it() {
        let text = "Zoë\n山田 🎉\n";
        for step in [1, 2, 3, 5, 64 * 1024] {
            assert_eq!(read_all(text.as_bytes(), step), (text.to_string(), vec![]), "step {step}");
        }
    }

    #[test]
    fn a_utf8_reader_reads_invalid_bytes_as_windows_1252_and_names_their_lines() {
        // "Zoë" in UTF-8, then "José" and "Müller" in Windows-1252, then a cut sequence at the end.
        let bytes = b"Zo\xc3\xab\nJos\xe9\n\nM\xfcller \x93hi\x94\n\xe2\x82";
        for step in [1, 2, 7, 64 * 1024] {
            let (text, lines) = read_all(bytes, step);
            assert_eq!(text, "Zoë\nJosé\n\nMüller “hi”\nâ‚", "step {step}");
            assert_eq!(lines, [2, 4, 5], "step {step}");
        }
    }
}
