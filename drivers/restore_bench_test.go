package drivers_test

import (
	"strings"
	"testing"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/format"
)

const benchInsert = "INSERT INTO shop.items (id, name, qty, price, note) VALUES (1, 'pen', 3, 1.50, 'a note with some text'), " +
	"(2, 'ink', 7, 2.25, 'another, longer note -- with dashes')"

// BenchmarkRestore compares drivers.Restore with the TiDB restorer
// writing straight into a strings.Builder.
func BenchmarkRestore(b *testing.B) {
	stmt, err := drivers.Parse(benchInsert)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("drivers.Restore", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := drivers.Restore(stmt, mysqlFlags); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var sb strings.Builder
			if err := stmt.Restore(format.NewRestoreCtx(mysqlFlags, &sb)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
