package krnel.samples.data;

import java.nio.charset.Charset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The visible text of an HTML mail body, roughly as a mail client shows it: scripts, styles,
 * comments and tags dropped, block elements on lines of their own, character references decoded.
 * Regular expressions suffice for this: the goal is model input, not a faithful rendering.
 */
final class HtmlText {
  private static final Pattern INVISIBLE = Pattern.compile(
      "(?is)<!--.*?-->|<(script|style|head|title)\\b[^>]*>.*?</\\1\\s*>|<!DOCTYPE[^>]*>");
  private static final Pattern LINE_BREAK = Pattern.compile(
      "(?i)<(br|/?p|/?div|/?tr|/?li|/?ul|/?ol|/?table|/?h[1-6]|/?blockquote|/?center|hr)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("nbsp", " "), Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"),
      Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("copy", "\u00a9"), Map.entry("reg", "\u00ae"),
      Map.entry("trade", "\u2122"), Map.entry("euro", "\u20ac"), Map.entry("pound", "\u00a3"),
      Map.entry("middot", "\u00b7"), Map.entry("bull", "\u2022"), Map.entry("mdash", "\u2014"),
      Map.entry("ndash", "\u2013"), Map.entry("hellip", "\u2026"), Map.entry("laquo", "\u00ab"),
      Map.entry("raquo", "\u00bb"));

  private static final Pattern HTML_START = Pattern.compile("(?i)<(html|body|!DOCTYPE html)\\b");

  private HtmlText() {}

  /** Whether a part declared as plain text is an HTML document: it opens one in its first kilobyte. */
  static boolean looksLikeHtml(String text) {
    return HTML_START.matcher(text).region(0, Math.min(text.length(), 1024)).find();
  }

  static String of(String html) {
    String text = INVISIBLE.matcher(html).replaceAll(" ");
    text = LINE_BREAK.matcher(text.replaceAll("\\s+", " ")).replaceAll("\n");
    text = TAG.matcher(text).replaceAll("");
    Matcher reference = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (reference.find()) {
      reference.appendReplacement(out, Matcher.quoteReplacement(character(reference.group(1), reference.group())));
    }
    reference.appendTail(out);
    return out.toString();
  }

  /** The character a reference names; an unknown or invalid one stays as written. */
  private static String character(String name, String written) {
    if (name.startsWith("#")) {
      boolean hex = name.startsWith("#x") || name.startsWith("#X");
      int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
      if (code >= 0x80 && code <= 0x9f) { // windows-1252's curly quotes and dashes, as browsers read them
        return new String(new byte[] {(byte) code}, Charset.forName("windows-1252"));
      }
      return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : written;
    }
    return NAMED.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), written);
  }
}
