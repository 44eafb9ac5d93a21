//! What an uploaded file really is, decided by reading all of it, not its first bytes: a JPEG
//! header in front of HTML, a PNG header alone or a 30,000×30,000 "bomb" are refused; photos
//! are decoded (their size bounded before a pixel is decoded) and encoded again, which leaves
//! their metadata behind (a phone's EXIF carries where the photo was taken, and the agency's
//! staff must not get it by accident); PDFs are parsed and refused when they carry scripts,
//! launch actions or embedded files. The stored name gets the extension of what the file is.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The widest or tallest image taken, in pixels.
pub const MAX_SIDE: u32 = 10_000;
/// The most pixels taken (a 50-megapixel phone camera).
pub const MAX_PIXELS: u64 = 50_000_000;

/// A file that may be stored, as it will be stored.
#[derive(Debug)]
pub struct Accepted {
    pub data: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
}

/// Why a file was refused, said to the citizen in Persian.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a JPEG, PNG or PDF at all.
    Type,
    /// Starts like one but is not a whole, readable one.
    Broken,
    /// An image larger than `MAX_SIDE` or `MAX_PIXELS`.
    TooManyPixels,
    /// A PDF with something that runs or carries other files.
    Active,
}

impl Refused {
    pub fn message_fa(&self) -> String {
        match self {
            Refused::Type => "فقط عکس JPEG یا PNG و سند PDF پذیرفته می‌شود (محتوای این پرونده هیچ‌کدام نیست)".into(),
            Refused::Broken => "این پرونده خراب یا ناقص است و باز نمی‌شود؛ آن را دوباره ذخیره یا اسکن کنید".into(),
            Refused::TooManyPixels => format!(
                "ابعاد این عکس بیش از حد بزرگ است؛ عکسی تا {} پیکسل در هر ضلع بفرستید",
                miz_core::digits::to_persian_digits(&MAX_SIDE.to_string())
            ),
            Refused::Active => "این PDF برنامه، پیوند اجرایی یا پرونده پیوست‌شده دارد و پذیرفته نمی‌شود؛ آن را به شکل PDF ساده (مثلاً با «چاپ به PDF») ذخیره کنید".into(),
        }
    }
}

/// Reads `data` whole and returns what may be stored in its place.
pub fn check(data: &[u8]) -> Result<Accepted, Refused> {
    if data.starts_with(b"%PDF-") {
        return check_pdf(data);
    }
    let format = match image::guess_format(data) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png)) => f,
        _ => return Err(Refused::Type),
    };
    photo(data, format)
}

fn photo(data: &[u8], format: ImageFormat) -> Result<Accepted, Refused> {
    let reader = || {
        let mut r = ImageReader::with_format(Cursor::new(data), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
        r.limits(limits);
        r
    };
    // The header first: a bomb is refused before any pixel is decoded.
    let (w, h) = reader().into_dimensions().map_err(|e| too_large_or_broken(&e))?;
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Refused::TooManyPixels);
    }
    let mut decoder = reader().into_decoder().map_err(|e| too_large_or_broken(&e))?;
    // A phone keeps "which way up" in the EXIF that is about to go: turn the pixels instead.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| too_large_or_broken(&e))?;
    img.apply_orientation(orientation);
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88).encode_image(&rgb).map_err(|_| Refused::Broken)?;
            Ok(Accepted { data: out, content_type: "image/jpeg", extension: "jpg" })
        }
        _ => {
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).map_err(|_| Refused::Broken)?;
            Ok(Accepted { data: out, content_type: "image/png", extension: "png" })
        }
    }
}

fn too_large_or_broken(e: &image::ImageError) -> Refused {
    match e {
        image::ImageError::Limits(_) => Refused::TooManyPixels,
        _ => Refused::Broken,
    }
}

/// PDF names whose presence means the document can act: run a script, start a program, send
/// a form, or carry other files.
const ACTIVE: &[&[u8]] = &[b"JS", b"JavaScript", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"SubmitForm", b"ImportData", b"XFA"];

/// Whether `obj`, or anything written inside it (dictionaries within dictionaries, arrays),
/// names an action or embedded file. Depth-bounded: a hostile nesting cannot exhaust the stack.
fn acts(obj: &lopdf::Object, depth: usize) -> bool {
    if depth > 64 {
        return true;
    }
    let dict = |d: &lopdf::Dictionary| d.iter().any(|(k, v)| ACTIVE.contains(&k.as_slice()) || acts(v, depth + 1));
    match obj {
        lopdf::Object::Name(n) => ACTIVE.contains(&n.as_slice()),
        lopdf::Object::Dictionary(d) => dict(d),
        lopdf::Object::Stream(s) => dict(&s.dict),
        lopdf::Object::Array(items) => items.iter().any(|o| acts(o, depth + 1)),
        _ => false,
    }
}

fn check_pdf(data: &[u8]) -> Result<Accepted, Refused> {
    // Parsed whole (object streams unpacked), so a name hidden in a compressed stream or
    // written with #-escapes is still seen; a file that does not parse is not a PDF.
    let doc = lopdf::Document::load_mem(data).map_err(|_| Refused::Broken)?;
    if doc.objects.is_empty() {
        return Err(Refused::Broken);
    }
    if doc.objects.values().any(|o| acts(o, 0)) {
        return Err(Refused::Active);
    }
    Ok(Accepted { data: data.to_vec(), content_type: "application/pdf", extension: "pdf" })
}

/// The name a file is kept under: no path, no control or invisible characters (a right-to-left
/// override, U+202E, turns "photo<RLO>gpj.exe" into "photoexe.jpg" on screen), at most 120 characters, and
/// the extension of what the file is, whatever extensions it came with.
pub fn stored_name(name: &str, extension: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let visible: String = base.chars().filter(|c| !c.is_control() && !miz_core::digits::is_invisible(*c)).collect();
    let mut stem = visible.trim().to_owned();
    // Every trailing ".ext" goes: "x.pdf.exe" is a PDF named "x".
    while let Some((before, ext)) = stem.rsplit_once('.') {
        if (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) {
            stem = before.trim_end().to_owned();
        } else {
            break;
        }
    }
    let stem: String = stem.chars().take(110).collect();
    let stem = if stem.trim().is_empty() { "file".to_owned() } else { stem };
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([10, 120, 90]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    fn jpeg_with_exif() -> Vec<u8> {
        let img = image::RgbImage::from_pixel(16, 8, image::Rgb([200, 30, 30]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut plain).encode_image(&img).unwrap();
        // An APP1 Exif segment with a GPS marker, right after the SOI, as a phone writes it.
        let payload = b"Exif\0\0MM\0*GPSLatitude 35.6892 GPSLongitude 51.3890";
        let mut exif = vec![0xFF, 0xE1];
        exif.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        exif.extend_from_slice(payload);
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&exif);
        out.extend_from_slice(&plain[2..]);
        out
    }

    /// A PDF with correct cross-references around `objects` (the catalog is object 1).
    fn pdf(objects: &[&str]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = vec![];
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
        out
    }

    const PAGES: [&str; 3] = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
    ];

    #[test]
    fn photos_are_encoded_again_without_their_metadata() {
        let with_exif = jpeg_with_exif();
        assert!(with_exif.windows(11).any(|w| w == b"GPSLatitude"));
        let kept = check(&with_exif).unwrap();
        assert_eq!(kept.content_type, "image/jpeg");
        assert!(!kept.data.windows(4).any(|w| w == b"Exif"));
        assert!(!kept.data.windows(11).any(|w| w == b"GPSLatitude"));
        assert_eq!(image::load_from_memory(&kept.data).unwrap().width(), 16);
        assert_eq!(check(&png(3, 2)).unwrap().content_type, "image/png");
    }

    #[test]
    fn headers_alone_and_polyglots_are_refused() {
        let mut html = vec![0xFF, 0xD8, 0xFF, 0xE0];
        html.extend_from_slice(b"<html><script>alert(1)</script></html>");
        assert_eq!(check(&html).unwrap_err(), Refused::Broken);
        assert_eq!(check(b"\x89PNG\r\n\x1a\n").unwrap_err(), Refused::Broken);
        assert_eq!(check(b"%PDF-1.7\nMZ\x90\x00 this is an executable").unwrap_err(), Refused::Broken);
        assert_eq!(check(b"<svg onload=alert(1)>").unwrap_err(), Refused::Type);
        assert_eq!(check(b"GIF89a....").unwrap_err(), Refused::Type);
    }

    #[test]
    fn a_pixel_bomb_is_refused_before_it_is_decoded() {
        // A real PNG header claiming 30,000×30,000 pixels, with almost no data behind it.
        let mut bomb = png(1, 1);
        let ihdr = bomb.windows(4).position(|w| w == b"IHDR").unwrap();
        bomb[ihdr + 4..ihdr + 8].copy_from_slice(&30_000u32.to_be_bytes());
        bomb[ihdr + 8..ihdr + 12].copy_from_slice(&30_000u32.to_be_bytes());
        // Fix the chunk's CRC so the decoder reads the header rather than rejecting it.
        let crc = crc32(&bomb[ihdr..ihdr + 4 + 13]);
        bomb[ihdr + 17..ihdr + 21].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(check(&bomb).unwrap_err(), Refused::TooManyPixels);
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn pdfs_that_act_are_refused_and_plain_ones_kept() {
        assert_eq!(check(&pdf(&PAGES)).unwrap().content_type, "application/pdf");
        let script = pdf(&["<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGES[1], PAGES[2], "<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"]);
        assert_eq!(check(&script).unwrap_err(), Refused::Active);
        let launch = pdf(&["<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGES[1], PAGES[2], "<< /S /Launch /F (cmd.exe) >>"]);
        assert_eq!(check(&launch).unwrap_err(), Refused::Active);
        let hidden = pdf(&["<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGES[1], PAGES[2], "<< /S /Java#53cript /J#53 (x) >>"]);
        assert_eq!(check(&hidden).unwrap_err(), Refused::Active);
        let embedded = pdf(&["<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>", PAGES[1], PAGES[2], "<< /Names [] >>"]);
        assert_eq!(check(&embedded).unwrap_err(), Refused::Active);
    }

    #[test]
    fn stored_names_say_what_the_file_is_and_hide_nothing() {
        assert_eq!(stored_name("x.pdf.exe", "pdf"), "x.pdf");
        assert_eq!(stored_name("photo\u{202E}gpj.exe", "jpg"), "photogpj.jpg");
        assert_eq!(stored_name("../../عکس من.JPEG", "jpg"), "عکس من.jpg");
        assert_eq!(stored_name("scan.png", "jpg"), "scan.jpg");
        assert_eq!(stored_name("\u{200B}.pdf", "pdf"), "file.pdf");
        assert_eq!(stored_name("نامه اداری ۱۴۰۵.v2", "pdf"), "نامه اداری ۱۴۰۵.pdf");
    }
}
