//! A draft as mail clients take it: a `mailto:` URL (RFC 6068) and an RFC 5322
//! message (written by the mail-builder crate: RFC 2047 headers when not ASCII, a
//! UTF-8 text body) for a Maildir's drafts folder. Pure: the moment and the
//! Message-ID are given; nothing is sent or written here.

use chrono::{DateTime, Utc};
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;

/// Who a message is from or to: a name, when known, and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox<'a> {
    pub name: Option<&'a str>,
    pub address: &'a str,
}

impl<'a> Mailbox<'a> {
    fn header(&self) -> Address<'a> {
        Address::new_address(self.name.map(one_line), self.address)
    }
}

/// A draft to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub from: Mailbox<'a>,
    pub to: Mailbox<'a>,
    pub subject: &'a str,
    /// Lines joined with `\n`.
    pub body: &'a str,
    pub date: DateTime<Utc>,
    /// Without the angle brackets: `netcrm.1764000000.123@example.com`.
    pub message_id: &'a str,
}

/// The RFC 5322 message: `From`, `To`, `Subject` (RFC 2047-encoded when not ASCII),
/// `Date`, `Message-ID`, `MIME-Version` and `Content-Type: text/plain;
/// charset=utf-8`, lines ending in CRLF.
pub fn rfc5322(message: &Message) -> Vec<u8> {
    let body = message.body.replace("\r\n", "\n").replace('\n', "\r\n");
    let builder = MessageBuilder::new()
        .from(message.from.header())
        .to(message.to.header())
        .subject(one_line(message.subject))
        .date(message.date.timestamp())
        .message_id(message.message_id)
        .text_body(format!("{body}\r\n"));
    // Writing into memory cannot fail.
    builder.write_to_vec().unwrap_or_default()
}

/// The `mailto:` URL of a draft (RFC 6068): the address, then `subject` and `body`
/// percent-encoded as UTF-8, with line breaks as `%0D%0A` and spaces as `%20`.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!("mailto:{}?subject={}&body={}", encode(to, b"@"), encode(subject, b""), encode(&body, b""))
}

/// `text` percent-encoded: every byte but ASCII letters, digits, `-._~` and `keep`.
fn encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A header's text on one line: line breaks and other control characters become
/// spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<'a>(subject: &'a str, body: &'a str, name: Option<&'a str>) -> Message<'a> {
        Message {
            from: Mailbox { name: Some("Zoë Ng"), address: "zoe@example.com" },
            to: Mailbox { name, address: "ada@example.com" },
            subject,
            body,
            date: "2026-11-22T09:30:00Z".parse().unwrap(),
            message_id: "netcrm.1.2@example.com",
        }
    }

    #[test]
    fn a_mailto_url_encodes_everything_but_unreserved_characters() {
        let url = mailto("ada+work@example.com", "Thanks & more?", "Hi Ada,\n\nÇa va? 100%=yes#1");
        assert_eq!(
            url,
            "mailto:ada%2Bwork@example.com?subject=Thanks%20%26%20more%3F\
             &body=Hi%20Ada%2C%0D%0A%0D%0A%C3%87a%20va%3F%20100%25%3Dyes%231"
        );
    }

    #[test]
    fn an_ascii_draft_has_every_header_plainly_and_crlf_lines() {
        let bytes = rfc5322(&message("Great to meet you, Ada", "Hi Ada,\n\nThanks.", Some("Ada Lovelace")));
        let text = String::from_utf8(bytes).unwrap();
        for header in [
            "From: =?utf-8?Q?Zo=C3=AB_Ng?= <zoe@example.com>\r\n",
            "To: \"Ada Lovelace\" <ada@example.com>\r\n",
            "Subject: Great to meet you, Ada\r\n",
            "Date: Sun, 22 Nov 2026 09:30:00 +0000\r\n",
            "Message-ID: <netcrm.1.2@example.com>\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: text/plain; charset=\"utf-8\"\r\n",
        ] {
            assert!(text.contains(header), "{header:?} in:\n{text}");
        }
        assert!(text.ends_with("\r\n\r\nHi Ada,\r\n\r\nThanks.\r\n"), "{text}");
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF:\n{text}");
    }

    #[test]
    fn a_subject_or_name_that_is_not_ascii_is_encoded_and_a_header_stays_one_line() {
        let text =
            String::from_utf8(rfc5322(&message("Merci, Zoë\nBcc: x@y.z", "Ça va ?", Some("Zoë\r\nX"))))
                .unwrap();
        let headers = &text[..text.find("\r\n\r\n").unwrap()];
        assert!(headers.contains("Subject: =?utf-8?"), "{headers}");
        assert!(!headers.split("\r\n").any(|line| line.starts_with("Bcc")), "{headers}");
        assert!(text.is_ascii(), "{text}");
    }
}
