//! Character encodings of imported files. Real address books mix them: a file that
//! concatenates a UTF-8 card and a Windows-1252 card, a Japanese phone's cards in
//! Shift_JIS said by `CHARSET`, UTF-16 with or without a byte-order mark. So the
//! encoding is decided as late as possible: UTF-16 for the whole file (it cannot be
//! mixed with anything), then per record, and per vCard property where `CHARSET` says.
//! Pure: bytes in, text out.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The bytes made ready for the readers: a UTF-8 byte-order mark dropped, UTF-16 (by
/// its byte-order mark, or recognised without one) turned into UTF-8. Anything else is
/// left as it is, for the readers to decode record by record ([`text`]).
pub fn prepare(bytes: &[u8]) -> Cow<'_, [u8]> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_length..];
        if encoding == UTF_8 {
            return Cow::Borrowed(rest);
        }
        return Cow::Owned(encoding.decode_without_bom_handling(rest).0.into_owned().into_bytes());
    }
    match utf16_without_bom(bytes) {
        Some(encoding) => Cow::Owned(encoding.decode_without_bom_handling(bytes).0.into_owned().into_bytes()),
        None => Cow::Borrowed(bytes),
    }
}

/// Whether the file that starts with `head` is UTF-16, which [`prepare`] turns into
/// UTF-8 as a whole.
pub fn is_utf16(head: &[u8]) -> bool {
    Encoding::for_bom(head).is_some_and(|(encoding, _)| encoding != UTF_8)
        || utf16_without_bom(head).is_some()
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
    fn byte_order_marks_are_honoured_and_dropped() {
        assert_eq!(prepare(b"\xef\xbb\xbfZo\xc3\xab").as_ref(), "Zoë".as_bytes());
        assert_eq!(prepare(b"\xff\xfeZ\x00o\x00\xeb\x00").as_ref(), "Zoë".as_bytes());
        assert_eq!(prepare(b"\xfe\xff\x00Z\x00o\x00\xeb").as_ref(), "Zoë".as_bytes());
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_recognised_either_way_round() {
        let text = "BEGIN:VCARD\r\nFN:Schröder 陈大文\r\nEND:VCARD\r\n";
        assert_eq!(prepare(&utf16(text, false)).as_ref(), text.as_bytes());
        assert_eq!(prepare(&utf16(text, true)).as_ref(), text.as_bytes());
        // UTF-8 and Windows-1252 stay as they are.
        assert_eq!(prepare(text.as_bytes()).as_ref(), text.as_bytes());
        assert_eq!(prepare(b"Zo\xeb,x\n").as_ref(), b"Zo\xeb,x\n");
        assert_eq!(prepare(b"a").as_ref(), b"a");
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
}
