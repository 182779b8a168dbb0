package krnel.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One node of the column tree that the writer and the reader share: Arrow's nesting annotated with
 * Parquet's definition and repetition levels. Levels follow the Dremel encoding of the Parquet
 * spec: an optional node adds one definition level, a repeated node one definition and one
 * repetition level. Lists are always the three-level {@code LIST} form when written.
 */
abstract class ColumnNode {
  String name;
  final boolean nullable;

  /** The definition level of a value (non-null) of this node. */
  final int def;

  Map<String, String> metadata;

  ColumnNode(String name, boolean nullable, int def) {
    this.name = name;
    this.nullable = nullable;
    this.def = def;
  }

  abstract Field toField();

  /** A primitive column: one Parquet leaf. */
  static final class Leaf extends ColumnNode {
    final LeafType type;
    ArrowType arrowType;
    final int column;
    final int maxRep;

    Leaf(
        String name,
        boolean nullable,
        int def,
        int maxRep,
        LeafType type,
        ArrowType arrowType,
        int column) {
      super(name, nullable, def);
      this.type = type;
      this.arrowType = arrowType;
      this.column = column;
      this.maxRep = maxRep;
    }

    @Override
    Field toField() {
      return new Field(name, new FieldType(nullable, arrowType, null, metadata), List.of());
    }
  }

  /** A struct: a Parquet group without annotation. */
  static final class Struct extends ColumnNode {
    final List<ColumnNode> children;

    Struct(String name, boolean nullable, int def, List<ColumnNode> children) {
      super(name, nullable, def);
      this.children = children;
    }

    @Override
    Field toField() {
      List<Field> fields = new ArrayList<>();
      for (ColumnNode child : children) {
        fields.add(child.toField());
      }
      return new Field(
          name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null, metadata), fields);
    }
  }

  /**
   * A list or fixed-size list. {@code elementDef} is the definition level of a list with at least
   * one element, {@code elementRep} the repetition level that starts its second and later elements.
   */
  static final class ListNode extends ColumnNode {
    final ColumnNode element;
    final int elementDef;
    final int elementRep;

    /** The fixed size of a fixed-size list, -1 for a variable-length list. */
    int fixedSize;

    ListNode(
        String name,
        boolean nullable,
        int def,
        int elementDef,
        int elementRep,
        ColumnNode element,
        int fixedSize) {
      super(name, nullable, def);
      this.element = element;
      this.elementDef = elementDef;
      this.elementRep = elementRep;
      this.fixedSize = fixedSize;
    }

    @Override
    Field toField() {
      ArrowType type =
          fixedSize < 0 ? ArrowType.List.INSTANCE : new ArrowType.FixedSizeList(fixedSize);
      return new Field(
          name, new FieldType(nullable, type, null, metadata), List.of(element.toField()));
    }
  }

  /** Every leaf's path from its top-level column down to the leaf, in column order. */
  static List<ColumnNode[]> leafPaths(List<ColumnNode> top) {
    List<ColumnNode[]> paths = new ArrayList<>();
    for (ColumnNode node : top) {
      collect(node, new ArrayList<>(), paths);
    }
    return paths;
  }

  private static void collect(ColumnNode node, List<ColumnNode> prefix, List<ColumnNode[]> out) {
    prefix.add(node);
    if (node instanceof Leaf) {
      out.add(prefix.toArray(new ColumnNode[0]));
    } else if (node instanceof Struct struct) {
      for (ColumnNode child : struct.children) {
        collect(child, prefix, out);
      }
    } else {
      collect(((ListNode) node).element, prefix, out);
    }
    prefix.remove(prefix.size() - 1);
  }
}
