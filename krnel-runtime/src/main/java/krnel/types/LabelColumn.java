package krnel.types;

import java.util.Collection;
import java.util.List;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.ops.CategoryToBooleanOp;
import krnel.ops.ImmutableCategoryToBooleanOp;
import krnel.runner.Runner;

/**
 * A column of string labels that can be turned into a boolean mask: categories, train/test splits
 * and text.
 */
@ColumnType
public interface LabelColumn extends OpSpec, LabelColumnFluent {
  /** True where the label is one of {@code trueValues}. */
  default CategoryToBooleanOp isIn(String... trueValues) {
    return isIn(List.of(trueValues));
  }

  /** True where the label is one of {@code trueValues}. */
  default CategoryToBooleanOp isIn(Collection<String> trueValues) {
    return ImmutableCategoryToBooleanOp.builder()
        .inputCategory(this)
        .trueValues(CategoryToBooleanOp.sortedSet(trueValues))
        .build();
  }

  /**
   * True for {@code trueValues}, false for {@code falseValues}; any other label is an error when the
   * op runs.
   */
  default CategoryToBooleanOp isIn(Collection<String> trueValues, Collection<String> falseValues) {
    return ImmutableCategoryToBooleanOp.builder()
        .inputCategory(this)
        .trueValues(CategoryToBooleanOp.sortedSet(trueValues))
        .falseValues(CategoryToBooleanOp.sortedSet(falseValues))
        .build();
  }

  /** True where the label is none of {@code falseValues}. */
  default CategoryToBooleanOp notIn(String... falseValues) {
    return notIn(List.of(falseValues));
  }

  /** True where the label is none of {@code falseValues}. */
  default CategoryToBooleanOp notIn(Collection<String> falseValues) {
    return ImmutableCategoryToBooleanOp.builder()
        .inputCategory(this)
        .falseValues(CategoryToBooleanOp.sortedSet(falseValues))
        .build();
  }

  /** The labels, computed by the runner this column's graph was built from. */
  default List<String> toStrings() {
    return Runner.of(this).toStrings(this);
  }
}
