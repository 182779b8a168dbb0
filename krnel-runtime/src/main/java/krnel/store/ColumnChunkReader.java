package krnel.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Walks the pages of one column chunk in order and hands out decoded data pages. Page headers are
 * read here, in order; reading, decompressing and decoding a page's body is a task, run on the
 * reader's pool a few pages ahead of the consumer: zstd decompression alone runs near 1 GB/s a
 * core, so overlapping it with assembly is what lets reading pass that. A page and its buffers are
 * valid until the next call to {@link #next}, then reused.
 */
final class ColumnChunkReader {
  /** Data pages decoded ahead of the one being consumed. */
  private static final int AHEAD = 2;

  private final FileChannel channel;
  private final Path file;
  private final String column;
  private final ExecutorService pool;
  private final PageDecoder decoder;
  private final AtomicReference<Prefaulter> prefaulter;
  /** Pages (and their megabyte buffers) kept from one column chunk to the next of this column. */
  private final ArrayDeque<DecodedPage> spares;
  private final ArrayDeque<Future<DecodedPage>> ahead = new ArrayDeque<>();
  private final ArrayDeque<DecodedPage> free = new ArrayDeque<>();
  private DecodedPage current;
  private PageDecoder.Dictionary dictionary;

  private long position;
  private final long end;
  private long valuesLeft;
  private long bytesRead;

  /** {@code pool} may be null: pages are then decoded on the caller's thread. */
  ColumnChunkReader(
      FileChannel channel,
      Path file,
      String column,
      ColumnMetaData meta,
      SchemaElement element,
      int maxDef,
      int maxRep,
      ExecutorService pool,
      AtomicReference<Prefaulter> prefaulter,
      ArrayDeque<DecodedPage> spares) {
    this.prefaulter = prefaulter;
    this.spares = spares;
    this.channel = channel;
    this.file = file;
    this.column = column;
    this.pool = pool;
    this.decoder = new PageDecoder(meta.getCodec(), element, maxDef, maxRep);
    long start = meta.getData_page_offset();
    if (meta.isSetDictionary_page_offset()
        && meta.getDictionary_page_offset() > 0
        && meta.getDictionary_page_offset() < start) {
      start = meta.getDictionary_page_offset();
    }
    this.position = start;
    this.end = start + meta.getTotal_compressed_size();
    this.valuesLeft = meta.getNum_values();
  }

  long bytesRead() {
    return bytesRead;
  }

  /** The next data page, or null after the last. */
  DecodedPage next() throws IOException {
    if (current != null) {
      free.add(current);
      current = null;
    }
    schedule();
    Future<DecodedPage> next = ahead.poll();
    if (next == null) {
      return null;
    }
    try {
      current = next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while decoding column '" + column + "'");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ParquetFormatException format) {
        throw format;
      }
      throw error(String.valueOf(cause.getMessage()), cause);
    }
    schedule();
    return current;
  }

  /**
   * Cancels pages decoded ahead, whose buffers are left to the garbage collector (a task may still
   * be running); the pages no task holds go back to the spares.
   */
  void cancel() {
    for (Future<DecodedPage> page : ahead) {
      page.cancel(false);
    }
    ahead.clear();
    spares.addAll(free);
    free.clear();
    if (current != null) {
      spares.add(current);
      current = null;
    }
  }

  private void schedule() throws IOException {
    while (ahead.size() < AHEAD && valuesLeft > 0) {
      if (position >= end) {
        throw error("the chunk ends with " + valuesLeft + " values still to read", null);
      }
      PageHeader header = readHeader();
      int size = header.getCompressed_page_size();
      long bodyAt = position;
      if (size < 0 || bodyAt + size > end) {
        throw error("a page of " + size + " bytes overruns its column chunk", null);
      }
      position += size;
      bytesRead += size;
      if (header.getType() == PageType.DICTIONARY_PAGE) {
        ByteBuffer body = DecodedPage.capacity(null, size);
        ParquetFooter.readFully(channel, body, bodyAt, file);
        try {
          dictionary = decoder.dictionary(header, body);
        } catch (RuntimeException e) {
          throw error(e.getMessage(), e);
        }
      } else if (header.getType() == PageType.DATA_PAGE
          || header.getType() == PageType.DATA_PAGE_V2) {
        valuesLeft -=
            header.getType() == PageType.DATA_PAGE
                ? header.getData_page_header().getNum_values()
                : header.getData_page_header_v2().getNum_values();
        DecodedPage page =
            !free.isEmpty() ? free.poll() : !spares.isEmpty() ? spares.poll() : new DecodedPage();
        PageDecoder.Dictionary pageDictionary = dictionary;
        Callable<DecodedPage> task =
            () -> {
              page.compressed = DecodedPage.capacity(page.compressed, size);
              ParquetFooter.readFully(channel, page.compressed, bodyAt, file);
              try {
                decoder.decode(header, pageDictionary, page);
              } catch (RuntimeException e) {
                throw error(e.getMessage(), e);
              }
              Prefaulter target = prefaulter.get();
              if (target != null) {
                target.decoded(header.getUncompressed_page_size());
              }
              return page;
            };
        if (pool == null) {
          FutureTask<DecodedPage> inline = new FutureTask<>(task);
          inline.run();
          ahead.add(inline);
        } else {
          ahead.add(pool.submit(task));
        }
      }
    }
  }

  private ParquetFormatException error(String message, Throwable cause) {
    return new ParquetFormatException(file, "column '" + column + "': " + message, cause);
  }

  private PageHeader readHeader() throws IOException {
    int window = 256;
    while (true) {
      int length = (int) Math.min(window, end - position);
      ByteBuffer bytes = ByteBuffer.allocate(length);
      ParquetFooter.readFully(channel, bytes, position, file);
      ByteArrayInputStream in = new ByteArrayInputStream(bytes.array(), 0, length);
      try {
        PageHeader header = Util.readPageHeader(in);
        int used = length - in.available();
        position += used;
        bytesRead += used;
        return header;
      } catch (IOException | RuntimeException e) {
        if (length == end - position || window >= 1 << 26) {
          throw error("unreadable page header at offset " + position, e);
        }
        window *= 16;
      }
    }
  }
}
