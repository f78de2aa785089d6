package drivers_test

import (
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// A dialect that keeps Clustered tables WITHOUT ROWID (SQLite) writes
// exactly those that way; another (MySQL) never writes the clause, which
// it would refuse.
func TestInternalDDLClustered(t *testing.T) {
	d := drivers.DDLDialect{Table: func(n string) string { return n }, Index: func(_, i string) string { return i }, AutoID: "id INTEGER PRIMARY KEY"}
	for _, rowless := range []bool{false, true} {
		d.WithoutRowID = rowless
		ddl := drivers.InternalTableDDL(d)
		for i, tb := range drivers.InternalTables {
			want := rowless && tb.Clustered
			if got := strings.HasSuffix(ddl[i], " WITHOUT ROWID"); got != want {
				t.Errorf("WithoutRowID=%v: %s: %q", rowless, tb.Name, ddl[i])
			}
		}
	}
	for _, tb := range drivers.InternalTables {
		if tb.Clustered && !strings.Contains(tb.Columns, "PRIMARY KEY") {
			t.Errorf("%s is clustered without a primary key", tb.Name)
		}
	}
}
