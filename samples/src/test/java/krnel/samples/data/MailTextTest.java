package krnel.samples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Raw mails of the shapes the SpamAssassin corpus holds, and the text the quickstart reads from them. */
class MailTextTest {
  private static String text(String raw) {
    return MailText.of(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void keepsSubjectAndBodyAndDropsTheHeaders() {
    assertEquals("Lunch?\n\nSee you at noon.\n\nBob", text("From bob@example.com  Thu Aug 22 13:17:22 2002\n"
        + "Received: from localhost\n\tby example.com\nSubject: Lunch?\nTo: ann@example.com\n\n"
        + "See you   at noon.\n\n\n\nBob\n"));
  }

  @Test
  void decodesQuotedPrintableInItsCharsetAndIso88591AsWindows1252() {
    assertEquals("Caf\u00e9\n\n\u201cfree\u201d offer, soft-broken line",
        text("Subject: =?iso-8859-1?Q?Caf=E9?=\nContent-Type: text/plain; charset=\"iso-8859-1\"\n"
            + "Content-Transfer-Encoding: quoted-printable\n\n=93free=94 offer, soft-bro=\nken line\n"));
  }

  @Test
  void keepsThePlainPartOfAnAlternativeAndSkipsAttachments() {
    String raw = "Subject: Hi\nContent-Type: multipart/mixed; boundary=\"outer\"\n\npreamble\n--outer\n"
        + "Content-Type: multipart/alternative; boundary=inner\n\n--inner\nContent-Type: text/plain\n\nplain words\n"
        + "--inner\nContent-Type: text/html\n\n<p>html words</p>\n--inner--\n"
        + "--outer\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlhAQABAAAAACw=\n--outer--\nepilogue\n";
    assertEquals("Hi\n\nplain words", text(raw));
  }

  @Test
  void turnsHtmlIntoItsVisibleTextAlsoWhenItIsLabelledPlain() {
    String html = "<html><head><title>t</title><style>p {}</style></head><body><!-- hidden -->"
        + "<p>Save&nbsp;70%&#151;now!</p><br>Click <a href=\"x\">here</a> &amp; win</body></html>";
    assertEquals("Offer\n\nSave 70%\u2014now!\n\nClick here & win",
        text("Subject: Offer\nContent-Type: text/html\n\n" + html));
    assertEquals("Offer\n\nSave 70%\u2014now!\n\nClick here & win", text("Subject: Offer\n\n" + html));
  }

  @Test
  void decodesBase64AndGuessesAMissingCharset() {
    String utf8 = java.util.Base64.getMimeEncoder().encodeToString("gr\u00fc\u00dfe \u2713".getBytes(StandardCharsets.UTF_8));
    assertEquals("gr\u00fc\u00dfe \u2713", text("Content-Transfer-Encoding: base64\n\n" + utf8 + "\n"));
    assertEquals("\u201cquoted\u201d", text("\n\n\u0093quoted\u0094")); // 8-bit, no charset, not UTF-8: windows-1252
  }

  @Test
  void truncatesAfterAWordNearTheLimit() {
    String words = "word ".repeat(500);
    String cut = SpamAssassinConverter.truncate(words, 2000);
    assertEquals(1999, cut.length());
    assertEquals("abc", SpamAssassinConverter.truncate("abc", 2000));
    assertEquals("x".repeat(10), SpamAssassinConverter.truncate("x".repeat(50), 10)); // no blank: a hard cut
  }
}
