# Writes duckdb-fixed-array-null.parquet with DuckDB 1.5.6 (the wheel in /opt/pypi/files, installed
# into a throwaway venv: python3 -m venv /tmp/ddb && /tmp/ddb/bin/pip install --no-index <wheel>).
# A FLOAT[3] column with a NULL row, which DuckDB writes as 3 level entries, and a NULL element.
import duckdb

con = duckdb.connect()
con.execute("CREATE TABLE t(id INTEGER, v FLOAT[3], s VARCHAR)")
con.execute("INSERT INTO t VALUES (0, [0.5, 1.0, 1.5], 'a'), (1, NULL, 'b'), (2, [2.5, 3.0, 3.5], NULL),"
            " (3, [4.0, NULL, 5.0], 'd')")
con.execute("COPY t TO 'duckdb-fixed-array-null.parquet' (FORMAT parquet)")
print(con.execute("SELECT * FROM 'duckdb-fixed-array-null.parquet'").fetchall())
