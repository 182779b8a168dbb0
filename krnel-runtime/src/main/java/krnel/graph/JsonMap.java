package krnel.graph;

import static krnel.graph.JsonList.unmodifiable;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The unmodifiable map that {@link JsonShape} makes of a map parameter, in the order it was given,
 * its values checked against {@link #shape}; the map counterpart of {@link JsonList}. It also
 * knows its keys' code-point order, which canonical JSON writes them in. {@link JsonReader} makes
 * its JSON objects of this class too (with the shape of any JSON map).
 */
final class JsonMap extends AbstractMap<String, Object> {
  /** Up to this size, {@link #get} scans the keys; larger maps get a hash index. */
  static final int SCANNED = 16;

  final JsonShape shape;
  private final String[] keys;
  private final Object[] values;
  private volatile int[] sorted; // positions in code-point order of the keys, made on first use
  private final Map<String, Integer> index; // key to position, for larger maps
  private Set<Entry<String, Object>> entries; // the view, made on first use

  /**
   * @param keys distinct keys; with {@code values}, owned by this map from now on
   * @throws IllegalArgumentException if a key repeats (noticed only in maps large enough for an index)
   */
  JsonMap(JsonShape shape, String[] keys, Object[] values) {
    this.shape = shape;
    this.keys = keys;
    this.values = values;
    if (keys.length > SCANNED) {
      index = new HashMap<>(2 * keys.length);
      for (int i = 0; i < keys.length; i++) {
        if (index.put(keys[i], i) != null) {
          throw new IllegalArgumentException("repeated key " + keys[i]);
        }
      }
    } else {
      index = null;
    }
  }

  /** Positions in the code-point order of the keys. */
  private int[] sorted() {
    int[] order = sorted;
    if (order == null) {
      order = new int[keys.length];
      Arrays.setAll(order, position -> position);
      // Usually in order already: ops keep maps without an order of their own sorted
      // (Values.inStableOrder).
      for (int i = 1; i < keys.length; i++) {
        if (JsonWriter.CODE_POINT_ORDER.compare(keys[i - 1], keys[i]) > 0) {
          Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
          Arrays.sort(boxed, (x, y) -> JsonWriter.CODE_POINT_ORDER.compare(keys[x], keys[y]));
          order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
          break;
        }
      }
      sorted = order; // volatile: a thread that sees the array sees its contents
    }
    return order;
  }

  /** The key at {@code rank} in code-point order, for canonical JSON. */
  String sortedKey(int rank) {
    return keys[sorted()[rank]];
  }

  /** The value of {@link #sortedKey}. */
  Object sortedValue(int rank) {
    return values[sorted()[rank]];
  }

  String key(int i) {
    return keys[i];
  }

  Object value(int i) {
    return values[i];
  }

  /** The position of {@code key}, or -1; it is looked for first at {@code guess}. */
  int position(String key, int guess) {
    return guess >= 0 && guess < keys.length && keys[guess].equals(key) ? guess : find(key);
  }

  private int find(Object key) {
    if (index != null) {
      Integer at = index.get(key);
      return at == null ? -1 : at;
    }
    // JsonReader's maps are mostly looked up with the very strings it read (it reads equal strings
    // as one String), which an identity scan finds without comparing characters.
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int at = find(key);
    return at < 0 ? null : values[at];
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    if (entries == null) {
      entries = new AbstractSet<>() { // no state of its own: a racing second copy is harmless
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Entry<String, Object> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
              next++;
              return entry;
            }
          };
        }

        @Override
        public int size() {
          return keys.length;
        }
      };
    }
    return entries;
  }

  // AbstractMap already refuses put; these would quietly do nothing when they have nothing to
  // change, where Collections.unmodifiableMap refuses them all.

  @Override
  public Object remove(Object key) {
    throw unmodifiable();
  }

  @Override
  public void putAll(Map<? extends String, ?> m) {
    throw unmodifiable();
  }

  @Override
  public void clear() {
    throw unmodifiable();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
    throw unmodifiable();
  }

  @Override
  public Object putIfAbsent(String key, Object value) {
    throw unmodifiable();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw unmodifiable();
  }

  @Override
  public boolean replace(String key, Object oldValue, Object newValue) {
    throw unmodifiable();
  }

  @Override
  public Object replace(String key, Object value) {
    throw unmodifiable();
  }

  @Override
  public Object computeIfAbsent(String key, Function<? super String, ?> mappingFunction) {
    throw unmodifiable();
  }

  @Override
  public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
    throw unmodifiable();
  }

  @Override
  public Object compute(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
    throw unmodifiable();
  }

  @Override
  public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remappingFunction) {
    throw unmodifiable();
  }
}
