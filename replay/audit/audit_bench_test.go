package audit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay/audit"
	"github.com/blocksql/blocksql/replay/audit/audittest"
)

func openSyntheticLog(b *testing.B) drivers.Driver {
	b.Helper()
	d, err := sqlite.Open(filepath.Join(b.TempDir(), "log.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if err := audittest.Build(context.Background(), d, audittest.Statements); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkAuditLookups measures the auditor's two common questions over
// a synthetic log of 1,000,000 statements (see audittest): one table, one user, one day; and one
// row's full history. Reported as ms/op per lookup.
func BenchmarkAuditLookups(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 1,000,000-statement log")
	}
	d := openSyntheticLog(b)
	ctx := context.Background()
	day := audittest.Start.Add(12 * 24 * time.Hour)
	b.Run("table+user+day", func(b *testing.B) {
		f := audit.Filter{Table: "app.t7", User: "user3", Since: day, Until: day.Add(24 * time.Hour)}
		var n int
		for i := 0; i < b.N; i++ {
			got, err := audit.Log(ctx, d, f)
			if err != nil || len(got) == 0 {
				b.Fatalf("lookup: %d rows, %v", len(got), err)
			}
			n = len(got)
		}
		b.ReportMetric(float64(n), "rows")
	})
	b.Run("row-history", func(b *testing.B) {
		var n int
		for i := 0; i < b.N; i++ {
			got, err := audit.History(ctx, d, "app.t7", fmt.Sprintf("[%d]", 1000+i%100))
			if err != nil {
				b.Fatal(err)
			}
			n += len(got)
		}
		b.ReportMetric(float64(n)/float64(b.N), "changes/row")
	})
}
