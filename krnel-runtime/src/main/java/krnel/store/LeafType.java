package krnel.store;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.DateType;
import org.apache.parquet.format.Float16Type;
import org.apache.parquet.format.IntType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.MicroSeconds;
import org.apache.parquet.format.MilliSeconds;
import org.apache.parquet.format.NanoSeconds;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.TimestampType;
import org.apache.parquet.format.Type;

/**
 * The primitive column types this package maps between Arrow and Parquet, with the annotations
 * pyarrow writes for each (Arrow C++ {@code FieldToNode}) and the PLAIN encoding of their values.
 * Types whose Arrow and Parquet widths agree are copied buffer to buffer; narrower integers are
 * widened to INT32 one value at a time, as Parquet requires.
 */
enum LeafType {
  BOOLEAN(Type.BOOLEAN),
  INT8(Type.INT32),
  INT16(Type.INT32),
  INT32(Type.INT32),
  INT64(Type.INT64),
  UINT8(Type.INT32),
  UINT16(Type.INT32),
  UINT32(Type.INT32),
  UINT64(Type.INT64),
  FLOAT16(Type.FIXED_LEN_BYTE_ARRAY),
  FLOAT32(Type.FLOAT),
  FLOAT64(Type.DOUBLE),
  DATE32(Type.INT32),
  TIMESTAMP(Type.INT64),
  UTF8(Type.BYTE_ARRAY),
  BINARY(Type.BYTE_ARRAY),
  FIXED_BINARY(Type.FIXED_LEN_BYTE_ARRAY);

  final Type physical;

  LeafType(Type physical) {
    this.physical = physical;
  }

  /** Supported Arrow primitive types, for error messages. */
  static final String SUPPORTED =
      "Bool, Int(8|16|32|64, signed or not), FloatingPoint(HALF|SINGLE|DOUBLE), Utf8, Binary,"
          + " FixedSizeBinary, Date(DAY), Timestamp(MILLISECOND|MICROSECOND|NANOSECOND)";

  /** The leaf type for an Arrow primitive type, or null when it is not supported. */
  static LeafType forArrow(ArrowType type) {
    if (type instanceof ArrowType.Bool) {
      return BOOLEAN;
    } else if (type instanceof ArrowType.Int i) {
      return switch (i.getBitWidth()) {
        case 8 -> i.getIsSigned() ? INT8 : UINT8;
        case 16 -> i.getIsSigned() ? INT16 : UINT16;
        case 32 -> i.getIsSigned() ? INT32 : UINT32;
        case 64 -> i.getIsSigned() ? INT64 : UINT64;
        default -> null;
      };
    } else if (type instanceof ArrowType.FloatingPoint f) {
      return switch (f.getPrecision()) {
        case HALF -> FLOAT16;
        case SINGLE -> FLOAT32;
        case DOUBLE -> FLOAT64;
      };
    } else if (type instanceof ArrowType.Utf8) {
      return UTF8;
    } else if (type instanceof ArrowType.Binary) {
      return BINARY;
    } else if (type instanceof ArrowType.FixedSizeBinary) {
      return FIXED_BINARY;
    } else if (type instanceof ArrowType.Date d) {
      return d.getUnit() == DateUnit.DAY ? DATE32 : null;
    } else if (type instanceof ArrowType.Timestamp t) {
      return t.getUnit() == TimeUnit.SECOND ? null : TIMESTAMP;
    }
    return null;
  }

  /** Sets the physical type and the annotations pyarrow writes for {@code arrow}. */
  void annotate(SchemaElement element, ArrowType arrow) {
    element.setType(physical);
    switch (this) {
      case INT8, INT16, UINT8, UINT16, UINT32, UINT64 -> {
        ArrowType.Int i = (ArrowType.Int) arrow;
        element.setLogicalType(
            LogicalType.INTEGER(new IntType((byte) i.getBitWidth(), i.getIsSigned())));
        element.setConverted_type(
            switch (this) {
              case INT8 -> ConvertedType.INT_8;
              case INT16 -> ConvertedType.INT_16;
              case UINT8 -> ConvertedType.UINT_8;
              case UINT16 -> ConvertedType.UINT_16;
              case UINT32 -> ConvertedType.UINT_32;
              default -> ConvertedType.UINT_64;
            });
      }
      case UTF8 -> {
        element.setLogicalType(LogicalType.STRING(new StringType()));
        element.setConverted_type(ConvertedType.UTF8);
      }
      case DATE32 -> {
        element.setLogicalType(LogicalType.DATE(new DateType()));
        element.setConverted_type(ConvertedType.DATE);
      }
      case TIMESTAMP -> {
        ArrowType.Timestamp t = (ArrowType.Timestamp) arrow;
        boolean utc = t.getTimezone() != null;
        org.apache.parquet.format.TimeUnit unit = new org.apache.parquet.format.TimeUnit();
        switch (t.getUnit()) {
          case MILLISECOND -> unit.setMILLIS(new MilliSeconds());
          case MICROSECOND -> unit.setMICROS(new MicroSeconds());
          default -> unit.setNANOS(new NanoSeconds());
        }
        element.setLogicalType(LogicalType.TIMESTAMP(new TimestampType(utc, unit)));
        if (utc && t.getUnit() == TimeUnit.MILLISECOND) {
          element.setConverted_type(ConvertedType.TIMESTAMP_MILLIS);
        } else if (utc && t.getUnit() == TimeUnit.MICROSECOND) {
          element.setConverted_type(ConvertedType.TIMESTAMP_MICROS);
        }
      }
      case FIXED_BINARY ->
          element.setType_length(((ArrowType.FixedSizeBinary) arrow).getByteWidth());
      case FLOAT16 -> { // as Arrow C++ (pyarrow >= 15) writes halffloat
        element.setType_length(2);
        element.setLogicalType(LogicalType.FLOAT16(new Float16Type()));
      }
      default -> {}
    }
  }

  /**
   * The natural Arrow type of a Parquet primitive column, as pyarrow infers it; null (and {@code
   * out[0]} unset) when this package cannot read it.
   */
  static LeafType forParquet(SchemaElement e, ArrowType[] out) {
    LogicalType logical = e.isSetLogicalType() ? e.getLogicalType() : null;
    ConvertedType converted = e.isSetConverted_type() ? e.getConverted_type() : null;
    if (logical != null
        && (logical.isSetDECIMAL()
            || logical.isSetTIME()
            || logical.isSetUUID()
            || logical.isSetMAP()
            || logical.isSetLIST())) {
      return null;
    }
    if (converted == ConvertedType.DECIMAL
        || converted == ConvertedType.TIME_MILLIS
        || converted == ConvertedType.TIME_MICROS
        || converted == ConvertedType.INTERVAL) {
      return null;
    }
    switch (e.getType()) {
      case BOOLEAN:
        out[0] = ArrowType.Bool.INSTANCE;
        return BOOLEAN;
      case INT32:
        {
          if ((logical != null && logical.isSetDATE()) || converted == ConvertedType.DATE) {
            out[0] = new ArrowType.Date(DateUnit.DAY);
            return DATE32;
          }
          int width = 32;
          boolean signed = true;
          if (logical != null && logical.isSetINTEGER()) {
            width = logical.getINTEGER().getBitWidth();
            signed = logical.getINTEGER().isIsSigned();
          } else if (converted != null) {
            switch (converted) {
              case INT_8 -> width = 8;
              case INT_16 -> width = 16;
              case UINT_8 -> {
                width = 8;
                signed = false;
              }
              case UINT_16 -> {
                width = 16;
                signed = false;
              }
              case UINT_32 -> signed = false;
              default -> {}
            }
          }
          out[0] = new ArrowType.Int(width, signed);
          return forArrow(out[0]);
        }
      case INT64:
        {
          if (logical != null && logical.isSetTIMESTAMP()) {
            TimestampType ts = logical.getTIMESTAMP();
            TimeUnit unit =
                ts.getUnit().isSetMILLIS()
                    ? TimeUnit.MILLISECOND
                    : ts.getUnit().isSetMICROS() ? TimeUnit.MICROSECOND : TimeUnit.NANOSECOND;
            out[0] = new ArrowType.Timestamp(unit, ts.isIsAdjustedToUTC() ? "UTC" : null);
            return TIMESTAMP;
          }
          if (converted == ConvertedType.TIMESTAMP_MILLIS
              || converted == ConvertedType.TIMESTAMP_MICROS) {
            TimeUnit unit =
                converted == ConvertedType.TIMESTAMP_MILLIS
                    ? TimeUnit.MILLISECOND
                    : TimeUnit.MICROSECOND;
            out[0] = new ArrowType.Timestamp(unit, "UTC");
            return TIMESTAMP;
          }
          boolean signed =
              !(converted == ConvertedType.UINT_64
                  || (logical != null
                      && logical.isSetINTEGER()
                      && !logical.getINTEGER().isIsSigned()));
          out[0] = new ArrowType.Int(64, signed);
          return signed ? INT64 : UINT64;
        }
      case FLOAT:
        out[0] = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        return FLOAT32;
      case DOUBLE:
        out[0] = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        return FLOAT64;
      case BYTE_ARRAY:
        if ((logical != null
                && (logical.isSetSTRING() || logical.isSetENUM() || logical.isSetJSON()))
            || converted == ConvertedType.UTF8
            || converted == ConvertedType.ENUM
            || converted == ConvertedType.JSON) {
          out[0] = ArrowType.Utf8.INSTANCE;
          return UTF8;
        }
        out[0] = ArrowType.Binary.INSTANCE;
        return BINARY;
      case FIXED_LEN_BYTE_ARRAY:
        if (logical != null && logical.isSetFLOAT16() && e.getType_length() == 2) {
          out[0] = new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
          return FLOAT16;
        }
        if (logical != null && logical.isSetFLOAT16()) {
          return null;
        }
        out[0] = new ArrowType.FixedSizeBinary(e.getType_length());
        return FIXED_BINARY;
      default:
        return null;
    }
  }

  /** Whether Arrow's data buffer already holds this type's PLAIN bytes. */
  boolean copiesBuffers() {
    return switch (this) {
      case INT32, INT64, UINT32, UINT64, FLOAT16, FLOAT32, FLOAT64, DATE32, TIMESTAMP, FIXED_BINARY -> true;
      default -> false;
    };
  }

  // ---- writing: Arrow vector -> PLAIN page bytes

  /** Appends the PLAIN encoding of the non-null values {@code [start, end)} of {@code v}. */
  void appendPlain(PageBuffer out, FieldVector v, int start, int end) {
    if (copiesBuffers()) {
      int width = ((BaseFixedWidthVector) v).getTypeWidth();
      out.put(v.getDataBuffer(), (long) start * width, Math.multiplyExact(end - start, width));
      return;
    }
    ArrowBuf data = v.getDataBuffer();
    for (int i = start; i < end; i++) {
      switch (this) {
        case BOOLEAN -> out.putBit(((data.getByte(i >>> 3) >>> (i & 7)) & 1) != 0);
        case INT8 -> out.putInt(data.getByte(i));
        case INT16 -> out.putInt(data.getShort(2L * i));
        case UINT8 -> out.putInt(data.getByte(i) & 0xFF);
        case UINT16 -> out.putInt(data.getShort(2L * i) & 0xFFFF);
        case UTF8, BINARY -> {
          BaseVariableWidthVector var = (BaseVariableWidthVector) v;
          int from = var.getStartOffset(i);
          int length = var.getValueLength(i);
          out.putInt(length);
          out.put(data, from, length);
        }
        default -> throw new AssertionError(this);
      }
    }
  }

  // ---- reading: PLAIN page values -> Arrow vector

  /** Reads {@code count} non-null values into {@code v} at {@code index} and on. */
  void read(PlainValues in, FieldVector v, int index, int count) {
    Vectors.ensureCapacity(v, index + count);
    if (copiesBuffers()) {
      int width = ((BaseFixedWidthVector) v).getTypeWidth();
      ByteBuffer values = in.fixed(count, width);
      v.getDataBuffer().setBytes((long) index * width, values);
      Vectors.setValid(v.getValidityBuffer(), index, count);
      return;
    }
    switch (this) {
      case BOOLEAN -> {
        BitVector bits = (BitVector) v;
        for (int i = 0; i < count; i++) {
          bits.set(index + i, in.nextBoolean() ? 1 : 0);
        }
      }
      case INT8, INT16, UINT8, UINT16 -> {
        ByteBuffer ints = in.fixed(count, 4);
        for (int i = 0; i < count; i++) {
          int value = ints.getInt(4 * i);
          switch (this) {
            case INT8 -> ((TinyIntVector) v).set(index + i, (byte) value);
            case INT16 -> ((SmallIntVector) v).set(index + i, (short) value);
            case UINT8 -> ((UInt1Vector) v).set(index + i, (byte) value);
            default -> ((UInt2Vector) v).set(index + i, (char) value);
          }
        }
      }
      case UTF8, BINARY -> {
        BaseVariableWidthVector var = (BaseVariableWidthVector) v;
        java.nio.charset.CharsetDecoder utf8 = this == UTF8 ? java.nio.charset.StandardCharsets.UTF_8.newDecoder() : null;
        for (int i = 0; i < count; i++) {
          ByteBuffer value = in.nextBinary();
          if (utf8 != null && !wellFormedUtf8(value, utf8)) {
            // Java and Arrow would read it as U+FFFD without a word; Python raises UnicodeDecodeError
            throw new IllegalStateException("a string value (element " + (index + i) + " of its column) is not"
                + " valid UTF-8");
          }
          var.setSafe(index + i, value, value.position(), value.remaining());
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** ASCII fast path, then a strict decode (malformed input and unmappable characters are reported). */
  private static boolean wellFormedUtf8(ByteBuffer value, java.nio.charset.CharsetDecoder decoder) {
    int end = value.limit();
    for (int i = value.position(); i < end; i++) {
      if (value.get(i) < 0) {
        try {
          decoder.reset().decode(value.duplicate());
          return true;
        } catch (java.nio.charset.CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
  }
}
