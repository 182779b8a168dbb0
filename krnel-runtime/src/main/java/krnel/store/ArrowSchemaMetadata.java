package krnel.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Base64;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code ARROW:schema} key-value entry that pyarrow ({@code store_schema=True}, its default)
 * writes and reads: the base64 of the Arrow IPC schema message, framed as an encapsulated message
 * (continuation marker {@code 0xFFFFFFFF}, length, flatbuffer, padding to 8 bytes). Parquet has no
 * fixed-size list, so this entry is the only place a vector column's width survives.
 */
final class ArrowSchemaMetadata {
  static final String KEY = "ARROW:schema";

  private ArrowSchemaMetadata() {}

  static String encode(Schema schema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      WriteChannel out = new WriteChannel(Channels.newChannel(bytes));
      MessageSerializer.serialize(out, schema);
      out.close();
    } catch (IOException e) {
      throw new IllegalStateException("serializing an Arrow schema in memory failed", e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Throws {@link IllegalArgumentException} or {@link IOException} on a malformed entry. */
  static Schema decode(String base64) throws IOException {
    byte[] bytes = Base64.getMimeDecoder().decode(base64);
    try (ReadChannel in = new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes)))) {
      Schema schema = MessageSerializer.deserializeSchema(in);
      if (schema == null) {
        throw new IOException("the entry holds no schema message");
      }
      return schema;
    }
  }
}
