package krnel.samples.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of a raw e-mail (RFC 822 / MIME): its subject, a blank line, and its body, with
 * the headers dropped. Transfer encodings (base64, quoted-printable) and charsets are decoded; of a
 * {@code multipart/alternative} the plain-text part is kept, else the HTML one; attachments that are
 * not text are skipped; HTML (also HTML sent as plain text, as much spam is) becomes text; runs of
 * blanks and blank lines are collapsed.
 *
 * <p>Mail is decoded as ISO-8859-1 first, which maps every byte to one char, so bytes survive until
 * each part's own charset is known. A part without a known charset is read as UTF-8 when it is valid
 * UTF-8, else as windows-1252 (what mail clients of the corpus's time wrote).
 */
public final class MailText {
  private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
  private static final Pattern BLANKS_BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");
  private static final Pattern PARAMETER = Pattern.compile(";\\s*([\\w-]+)\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)");
  private static final Charset FALLBACK = Charset.forName("windows-1252");

  private MailText() {}

  /** {@code subject + "\n\n" + body} of a raw message (just the body when it has no subject). */
  public static String of(byte[] message) {
    Part mail = Part.parse(new String(message, StandardCharsets.ISO_8859_1));
    String subject = collapse(decodeHeader(mail.header("subject")));
    String body = collapse(mail.text());
    return subject.isEmpty() ? body : body.isEmpty() ? subject : subject + "\n\n" + body;
  }

  /** Blanks to one space, lines trimmed, at most one blank line in a row, no blank edges. */
  static String collapse(String text) {
    String spaced = text.replace("\r", "").replace('\u00a0', ' ').replaceAll("[\\t\\x0B\\f ]+", " ");
    return spaced.replaceAll(" ?\\n ?", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  /** A header value with its RFC 2047 encoded words ({@code =?utf-8?B?...?=}) decoded. */
  static String decodeHeader(String value) {
    if (value == null) {
      return "";
    }
    String text = decode(value.getBytes(StandardCharsets.ISO_8859_1), null); // raw 8-bit bytes, if any
    Matcher word = ENCODED_WORD.matcher(BLANKS_BETWEEN_ENCODED_WORDS.matcher(text).replaceAll("$1$2"));
    StringBuilder out = new StringBuilder();
    while (word.find()) {
      String encoded = word.group(3);
      byte[] bytes = word.group(2).equalsIgnoreCase("b")
          ? base64(encoded)
          : quotedPrintable(encoded.replace('_', ' '));
      word.appendReplacement(out, Matcher.quoteReplacement(decode(bytes, word.group(1))));
    }
    word.appendTail(out);
    return out.toString();
  }

  /** One MIME entity: its headers (names lower-cased, continuation lines unfolded) and its raw body. */
  private record Part(Map<String, String> headers, String body) {
    static Part parse(String raw) {
      int split = raw.indexOf("\n\n");
      int crlf = raw.indexOf("\r\n\r\n");
      if (crlf >= 0 && (split < 0 || crlf < split)) {
        split = crlf;
      }
      String head = split < 0 ? raw : raw.substring(0, split);
      String body = split < 0 ? "" : raw.substring(split).replaceFirst("^\\r?\\n\\r?\\n", "");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : head.replaceAll("\\r?\\n[ \\t]+", " ").split("\\r?\\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.substring(0, colon).contains(" ")) {
          headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
      }
      return new Part(headers, body);
    }

    String header(String name) {
      return headers.get(name);
    }

    /** The media type, lower-cased; {@code text/plain} when absent, as RFC 2045 says. */
    String mediaType() {
      String type = header("content-type");
      if (type == null || type.isBlank()) {
        return "text/plain";
      }
      int semicolon = type.indexOf(';');
      return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    String parameter(String name) {
      String type = header("content-type");
      if (type == null) {
        return null;
      }
      Matcher parameter = PARAMETER.matcher(type);
      while (parameter.find()) {
        if (parameter.group(1).equalsIgnoreCase(name)) {
          return parameter.group(3) != null ? parameter.group(3) : parameter.group(2);
        }
      }
      return null;
    }

    /** The readable text of this entity; empty for attachments that are not text. */
    String text() {
      String type = mediaType();
      if (type.startsWith("multipart/")) {
        return multipartText(type.equals("multipart/alternative"));
      }
      if (type.equals("message/rfc822")) {
        return parse(body).text();
      }
      if (!type.startsWith("text/") || isOtherTextAttachment()) {
        return "";
      }
      String text = decode(transferDecoded(), parameter("charset"));
      return type.equals("text/html") || HtmlText.looksLikeHtml(text) ? HtmlText.of(text) : text;
    }

    /** A text attachment that is no mail body: a vCard, a calendar, a CSV file... */
    private boolean isOtherTextAttachment() {
      String disposition = header("content-disposition");
      return disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("attachment")
          && !mediaType().equals("text/plain") && !mediaType().equals("text/html");
    }

    private String multipartText(boolean alternative) {
      String boundary = parameter("boundary");
      if (boundary == null) {
        return body; // a malformed multipart: its raw body is the best text there is
      }
      List<Part> parts = new ArrayList<>();
      String delimiter = "--" + boundary;
      String[] chunks = body.split("(?m)^" + Pattern.quote(delimiter));
      for (int i = 1; i < chunks.length; i++) { // chunk 0 is the preamble
        String chunk = chunks[i];
        if (chunk.startsWith("--")) {
          break; // the closing delimiter; the rest is the epilogue
        }
        parts.add(parse(chunk.replaceFirst("^[ \\t]*\\r?\\n", "")));
      }
      if (alternative) {
        List<String> texts = parts.stream().map(Part::text).toList();
        for (int i = 0; i < parts.size(); i++) {
          if (parts.get(i).mediaType().equals("text/plain") && !texts.get(i).isBlank()) {
            return texts.get(i);
          }
        }
        return texts.stream().filter(t -> !t.isBlank()).findFirst().orElse("");
      }
      StringBuilder text = new StringBuilder();
      for (Part part : parts) {
        String partText = part.text();
        if (!partText.isBlank()) {
          text.append(text.length() == 0 ? "" : "\n\n").append(partText);
        }
      }
      return text.toString();
    }

    private byte[] transferDecoded() {
      String encoding = String.valueOf(header("content-transfer-encoding")).strip().toLowerCase(Locale.ROOT);
      switch (encoding) {
        case "base64":
          return base64(body);
        case "quoted-printable":
          return quotedPrintable(body);
        default:
          return body.getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** Base64, skipping whatever is not in its alphabet (line breaks, padding, stray text) and a bad last character. */
  static byte[] base64(String text) {
    String clean = text.replaceAll("[^A-Za-z0-9+/]", "");
    // Java's decoder takes unpadded input, but not a lone trailing character
    return Base64.getDecoder().decode(clean.substring(0, clean.length() - (clean.length() % 4 == 1 ? 1 : 0)));
  }

  /** Quoted-printable: {@code =XX} escapes and {@code =} soft line breaks; malformed escapes stay as they are. */
  static byte[] quotedPrintable(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=') {
        if (text.startsWith("\r\n", i + 1)) {
          i += 2;
          continue;
        }
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i += 1;
          continue;
        }
        int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(c);
    }
    return out.toByteArray();
  }

  /**
   * Bytes in {@code charset}; when it is missing, unknown or wrong (8-bit bytes in "us-ascii" mail
   * are common), UTF-8 when the bytes are valid UTF-8, else windows-1252. ISO-8859-1 is read as
   * windows-1252, as browsers do (its curly quotes are everywhere in mail labelled ISO-8859-1).
   */
  static String decode(byte[] bytes, String charset) {
    if (charset != null) {
      try {
        Charset declared = Charset.forName(charset.strip());
        return strictly(bytes, declared.equals(StandardCharsets.ISO_8859_1) ? FALLBACK : declared);
      } catch (IllegalArgumentException | CharacterCodingException unknownOrWrong) {
        // fall through to the guess
      }
    }
    try {
      return strictly(bytes, StandardCharsets.UTF_8);
    } catch (CharacterCodingException notUtf8) {
      return new String(bytes, FALLBACK);
    }
  }

  private static String strictly(byte[] bytes, Charset charset) throws CharacterCodingException {
    return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
  }
}
