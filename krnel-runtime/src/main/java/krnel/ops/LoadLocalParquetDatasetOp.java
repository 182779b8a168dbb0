package krnel.ops;

import krnel.annotations.ExcludeFromUuid;
import krnel.annotations.Op;

/** A Parquet file, copied into the store when first used. */
@Op
public interface LoadLocalParquetDatasetOp extends LoadDatasetOp {
  /** Where the file was found; not hashed, so moving the file keeps the uuid. */
  @ExcludeFromUuid
  String filePath();
}
