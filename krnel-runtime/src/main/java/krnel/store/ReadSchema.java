package krnel.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.SchemaElement;

/**
 * The Arrow schema of a Parquet file, as pyarrow reads it: first the natural type of every Parquet
 * column (three-level and legacy two-level {@code LIST}s, bare repeated fields as lists, groups as
 * structs), then, where the footer has an {@code ARROW:schema}, the writer's types laid over it as
 * Arrow C++'s {@code ApplyOriginalMetadata} does: a list becomes the fixed-size list it was, a UTC
 * timestamp gets its time zone back, fields get their metadata. Unlike pyarrow, list element names
 * are also restored, so a schema written from Java reads back equal.
 *
 * <p>Without {@code ARROW:schema} lists stay lists. Dictionary-encoded columns come back decoded.
 */
final class ReadSchema {
  final List<ColumnNode> top = new ArrayList<>();
  final List<ColumnNode[]> leafPaths;

  /** Each leaf's schema element, in column order. */
  final List<SchemaElement> leafElements = new ArrayList<>();

  final Schema arrow;

  private final Path file;
  private final List<SchemaElement> elements;
  private int next;

  private ReadSchema(Path file, FileMetaData footer) throws IOException {
    this.file = file;
    this.elements = footer.getSchema();
    if (elements == null || elements.isEmpty()) {
      throw new ParquetFormatException(file, "the footer has no schema");
    }
    SchemaElement root = elements.get(0);
    next = 1;
    int columns = root.isSetNum_children() ? root.getNum_children() : 0;
    try {
      for (int i = 0; i < columns; i++) {
        top.add(node(0, 0, ""));
      }
    } catch (IndexOutOfBoundsException e) {
      throw new ParquetFormatException(file, "the schema's element counts do not add up", e);
    }
    leafPaths = ColumnNode.leafPaths(top);

    Map<String, String> keyValues = new LinkedHashMap<>();
    String encoded = null;
    if (footer.isSetKey_value_metadata()) {
      for (KeyValue kv : footer.getKey_value_metadata()) {
        if (kv.getKey().equals(ArrowSchemaMetadata.KEY)) {
          encoded = kv.getValue();
        } else {
          keyValues.put(kv.getKey(), kv.getValue());
        }
      }
    }
    Map<String, String> metadata = keyValues.isEmpty() ? null : keyValues;
    if (encoded != null) {
      Schema origin;
      try {
        origin = ArrowSchemaMetadata.decode(encoded);
      } catch (IOException | RuntimeException e) {
        throw new ParquetFormatException(file, "its ARROW:schema entry is not an Arrow schema", e);
      }
      if (origin.getFields().size() == top.size()) {
        for (int i = 0; i < top.size(); i++) {
          refine(top.get(i), origin.getFields().get(i));
        }
        metadata =
            origin.getCustomMetadata() == null || origin.getCustomMetadata().isEmpty()
                ? null
                : origin.getCustomMetadata();
      }
    }
    List<Field> fields = new ArrayList<>();
    for (ColumnNode node : top) {
      fields.add(node.toField());
    }
    arrow = new Schema(fields, metadata);
  }

  static ReadSchema of(Path file, FileMetaData footer) throws IOException {
    return new ReadSchema(file, footer);
  }

  private ColumnNode node(int parentDef, int parentRep, String parent) throws IOException {
    SchemaElement e = elements.get(next++);
    String where = parent.isEmpty() ? e.getName() : parent + "." + e.getName();
    depth++;
    try {
      if (depth > 2 * ParquetResults.MAX_NESTING + 2) { // a 3-level list is two schema levels
        throw new ParquetFormatException(file, "column '" + where.substring(0, Math.min(where.length(), 200))
            + "...' nests more than " + ParquetResults.MAX_NESTING + " levels of lists or structs, which this"
            + " reader refuses");
      }
      return nodeBody(e, parentDef, parentRep, where);
    } finally {
      depth--;
    }
  }

  /** Schema levels above the element being read: deep schemas are refused, not a StackOverflowError. */
  private int depth;

  private ColumnNode nodeBody(SchemaElement e, int parentDef, int parentRep, String where) throws IOException {
    FieldRepetitionType repetition =
        e.isSetRepetition_type() ? e.getRepetition_type() : FieldRepetitionType.REQUIRED;
    if (repetition == FieldRepetitionType.REPEATED) {
      ColumnNode element = body(e, false, parentDef + 1, parentRep + 1, where);
      return new ColumnNode.ListNode(
          e.getName(), false, parentDef, parentDef + 1, parentRep + 1, element, -1);
    }
    boolean nullable = repetition == FieldRepetitionType.OPTIONAL;
    return body(e, nullable, parentDef + (nullable ? 1 : 0), parentRep, where);
  }

  /** The node for {@code e}, already consumed, whose own levels are {@code def} and {@code rep}. */
  private ColumnNode body(SchemaElement e, boolean nullable, int def, int rep, String where)
      throws IOException {
    int children = e.isSetNum_children() ? e.getNum_children() : 0;
    if (children == 0 && e.isSetType()) {
      ArrowType[] arrow = new ArrowType[1];
      LeafType type = LeafType.forParquet(e, arrow);
      if (type == null) {
        throw new ParquetFormatException(
            file,
            "column '"
                + where
                + "' has Parquet type "
                + e.getType()
                + describe(e)
                + ", which this reader does not support");
      }
      leafElements.add(e);
      return new ColumnNode.Leaf(
          e.getName(), nullable, def, rep, type, arrow[0], leafElements.size() - 1);
    }
    if (isAnnotated(e, ConvertedType.MAP)
        || isAnnotated(e, ConvertedType.MAP_KEY_VALUE)
        || (e.isSetLogicalType() && e.getLogicalType().isSetMAP())) {
      throw new ParquetFormatException(
          file, "column '" + where + "' is a MAP, which this reader" + " does not support");
    }
    if (isAnnotated(e, ConvertedType.LIST)
        || (e.isSetLogicalType() && e.getLogicalType().isSetLIST())) {
      return list(e, nullable, def, rep, where);
    }
    List<ColumnNode> fields = new ArrayList<>();
    for (int i = 0; i < children; i++) {
      fields.add(node(def, rep, where));
    }
    if (fields.isEmpty()) {
      throw new ParquetFormatException(file, "column '" + where + "' is a group without fields");
    }
    return new ColumnNode.Struct(e.getName(), nullable, def, fields);
  }

  /** A {@code LIST} group, following the spec's backward-compatibility rules. */
  private ColumnNode list(SchemaElement e, boolean nullable, int def, int rep, String where)
      throws IOException {
    SchemaElement repeated = elements.get(next);
    if (e.getNum_children() != 1 || repeated.getRepetition_type() != FieldRepetitionType.REPEATED) {
      throw new ParquetFormatException(
          file, "column '" + where + "' is a LIST whose only child" + " is not a repeated field");
    }
    next++;
    int elementDef = def + 1;
    int elementRep = rep + 1;
    int grandChildren = repeated.isSetNum_children() ? repeated.getNum_children() : 0;
    ColumnNode element;
    if (grandChildren == 0
        || grandChildren > 1
        || repeated.getName().equals("array")
        || repeated.getName().equals(e.getName() + "_tuple")) {
      element = body(repeated, false, elementDef, elementRep, where + "." + repeated.getName());
    } else {
      element = node(elementDef, elementRep, where + "." + repeated.getName());
    }
    return new ColumnNode.ListNode(e.getName(), nullable, def, elementDef, elementRep, element, -1);
  }

  private static boolean isAnnotated(SchemaElement e, ConvertedType type) {
    return e.isSetConverted_type() && e.getConverted_type() == type;
  }

  private static String describe(SchemaElement e) {
    StringBuilder s = new StringBuilder();
    if (e.isSetLogicalType()) {
      s.append(" (").append(e.getLogicalType().getSetField()).append(')');
    } else if (e.isSetConverted_type()) {
      s.append(" (").append(e.getConverted_type()).append(')');
    }
    return s.toString();
  }

  /** Lays the writer's Arrow field over the inferred node, where their shapes agree. */
  private static void refine(ColumnNode node, Field origin) {
    if (origin.getMetadata() != null && !origin.getMetadata().isEmpty()) {
      node.metadata = origin.getMetadata();
    }
    if (origin.getDictionary() != null) {
      return;
    }
    ArrowType type = origin.getType();
    if (node instanceof ColumnNode.Leaf leaf) {
      if (type instanceof ArrowType.Timestamp wanted
          && leaf.arrowType instanceof ArrowType.Timestamp inferred
          && "UTC".equals(inferred.getTimezone())
          && wanted.getTimezone() != null
          && !wanted.getTimezone().isEmpty()) {
        leaf.arrowType = new ArrowType.Timestamp(inferred.getUnit(), wanted.getTimezone());
      }
    } else if (node instanceof ColumnNode.Struct struct) {
      if (type instanceof ArrowType.Struct
          && origin.getChildren().size() == struct.children.size()) {
        for (int i = 0; i < struct.children.size(); i++) {
          refine(struct.children.get(i), origin.getChildren().get(i));
        }
      }
    } else {
      ColumnNode.ListNode list = (ColumnNode.ListNode) node;
      boolean listLike =
          type instanceof ArrowType.List
              || type instanceof ArrowType.LargeList
              || type instanceof ArrowType.FixedSizeList;
      if (listLike && origin.getChildren().size() == 1) {
        Field element = origin.getChildren().get(0);
        refine(list.element, element);
        list.element.name = element.getName();
        if (type instanceof ArrowType.FixedSizeList fixed) {
          list.fixedSize = fixed.getListSize();
        }
      }
    }
  }
}
