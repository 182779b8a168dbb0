package krnel.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.ListType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;

/**
 * The Parquet schema of an Arrow schema, as pyarrow writes it: nullable fields are {@code
 * optional}, lists (fixed-size or not) the three-level {@code LIST} form with {@code list} and
 * {@code element} (pyarrow's {@code use_compliant_nested_type}), structs plain groups.
 */
final class WriteSchema {
  final Schema arrow;
  final List<ColumnNode> top = new ArrayList<>();
  final List<ColumnNode[]> leafPaths;

  /** Each leaf's {@code path_in_schema}, in column order. */
  final List<List<String>> parquetPaths = new ArrayList<>();

  /** The flattened schema for the footer, root first. */
  final List<SchemaElement> elements = new ArrayList<>();

  private final List<String> prefix = new ArrayList<>();

  private WriteSchema(Schema arrow) {
    this.arrow = arrow;
    SchemaElement root = new SchemaElement("schema");
    root.setNum_children(arrow.getFields().size());
    elements.add(root);
    for (Field field : arrow.getFields()) {
      top.add(build(field, field.getName(), 0, 0, field.getName()));
    }
    leafPaths = ColumnNode.leafPaths(top);
  }

  /** Throws {@link IllegalArgumentException} naming the column for a type it cannot write. */
  static WriteSchema of(Schema arrow) {
    if (arrow.getFields().isEmpty()) {
      throw new IllegalArgumentException("a Parquet file needs at least one column");
    }
    return new WriteSchema(arrow);
  }

  private ColumnNode build(Field field, String parquetName, int parentDef, int rep, String where) {
    if (field.getDictionary() != null) {
      throw new IllegalArgumentException(
          "column '" + where + "' is dictionary-encoded; decode it before writing");
    }
    boolean nullable = field.isNullable();
    int def = parentDef + (nullable ? 1 : 0);
    SchemaElement element = new SchemaElement(parquetName);
    element.setRepetition_type(
        nullable ? FieldRepetitionType.OPTIONAL : FieldRepetitionType.REQUIRED);
    elements.add(element);
    prefix.add(parquetName);
    try {
      ArrowType type = field.getType();
      if (type instanceof ArrowType.List || type instanceof ArrowType.FixedSizeList) {
        element.setNum_children(1);
        element.setConverted_type(ConvertedType.LIST);
        element.setLogicalType(LogicalType.LIST(new ListType()));
        SchemaElement repeated = new SchemaElement("list");
        repeated.setRepetition_type(FieldRepetitionType.REPEATED);
        repeated.setNum_children(1);
        elements.add(repeated);
        prefix.add("list");
        Field child = field.getChildren().get(0);
        ColumnNode node = build(child, "element", def + 1, rep + 1, where + "." + child.getName());
        prefix.remove(prefix.size() - 1);
        int size = type instanceof ArrowType.FixedSizeList f ? f.getListSize() : -1;
        return new ColumnNode.ListNode(
            field.getName(), nullable, def, def + 1, rep + 1, node, size);
      }
      if (type instanceof ArrowType.Struct) {
        if (field.getChildren().isEmpty()) {
          throw new IllegalArgumentException(
              "column '" + where + "' is a struct without fields, which Parquet cannot store");
        }
        element.setNum_children(field.getChildren().size());
        List<ColumnNode> children = new ArrayList<>();
        for (Field child : field.getChildren()) {
          children.add(build(child, child.getName(), def, rep, where + "." + child.getName()));
        }
        return new ColumnNode.Struct(field.getName(), nullable, def, children);
      }
      LeafType leaf = LeafType.forArrow(type);
      if (leaf == null) {
        throw new IllegalArgumentException(
            "column '"
                + where
                + "' has Arrow type "
                + type
                + ", which the Parquet result writer"
                + " does not support; supported: "
                + LeafType.SUPPORTED
                + ", and List, FixedSizeList and Struct of them");
      }
      leaf.annotate(element, type);
      parquetPaths.add(List.copyOf(prefix));
      return new ColumnNode.Leaf(
          field.getName(), nullable, def, rep, leaf, type, parquetPaths.size() - 1);
    } finally {
      prefix.remove(prefix.size() - 1);
    }
  }
}
