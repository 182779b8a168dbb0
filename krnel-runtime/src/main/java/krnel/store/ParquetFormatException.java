package krnel.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Parquet file that this package cannot read or write: corrupt, truncated, or using a feature it
 * does not implement. The message always starts with the file, so the store and the CLI can print
 * it as it is.
 */
public final class ParquetFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  ParquetFormatException(Path file, String message) {
    super(file + ": " + message);
  }

  ParquetFormatException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }
}
