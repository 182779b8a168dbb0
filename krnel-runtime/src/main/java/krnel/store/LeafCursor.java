package krnel.store;

import java.io.IOException;

/**
 * The (repetition level, definition level, value) entries of one leaf column chunk as one stream,
 * across page boundaries. Levels that a column cannot have (no list above it, or nothing nullable)
 * read as 0.
 */
final class LeafCursor {
  private final ColumnChunkReader pages;
  private final int maxRep;
  private final int maxDef;
  private DecodedPage page;
  private int position;
  private int size;
  private int rowStart;

  LeafCursor(ColumnChunkReader pages, int maxDef, int maxRep) throws IOException {
    this.pages = pages;
    this.maxRep = maxRep;
    this.maxDef = maxDef;
    load();
  }

  private void load() throws IOException {
    do {
      page = pages.next();
    } while (page != null && page.count == 0);
    position = 0;
    rowStart = 0;
    size = page == null ? 0 : page.count;
  }

  boolean exhausted() {
    return page == null;
  }

  int rep() {
    if (maxRep == 0) {
      return 0;
    }
    if (maxRep > 1) {
      return page.rep[position];
    }
    int[] starts = page.rowStarts;
    while (rowStart < page.rowStartCount && starts[rowStart] < position) {
      rowStart++;
    }
    return rowStart < page.rowStartCount && starts[rowStart] == position ? 0 : 1;
  }

  int def() {
    return page.allPresent ? maxDef : page.def[position];
  }

  PlainValues values() {
    return page.values;
  }

  void advance() throws IOException {
    if (++position == size) {
      load();
    }
  }

  // Bulk access within the current page, for runs of list elements.

  int position() {
    return position;
  }

  int limit() {
    return size;
  }

  /** The repetition levels of this page; only when there are lists in lists. */
  int[] repLevels() {
    return page.rep;
  }

  /** The definition levels of this page; only when not {@link #allPresent()}. */
  int[] defLevels() {
    return page.def;
  }

  boolean allPresent() {
    return page.allPresent;
  }

  /**
   * For a column with one level of lists: where the first row after {@code from} starts in this
   * page, or {@link #limit()} if none does. Like {@link #rep()}, moves a cursor over the row starts
   * that only goes forward within a page.
   */
  int nextRowStart(int from) {
    int[] starts = page.rowStarts;
    while (rowStart < page.rowStartCount && starts[rowStart] <= from) {
      rowStart++;
    }
    return rowStart < page.rowStartCount ? starts[rowStart] : size;
  }

  void skipTo(int newPosition) throws IOException {
    position = newPosition;
    if (position == size) {
      load();
    }
  }
}
