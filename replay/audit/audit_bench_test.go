package audit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay/audit"
)

// A synthetic log: 1,000,000 statements over 30 days, 10 per block, by 20
// users on 50 tables, each changing one of 10,000 rows of its table.
const (
	logStatements = 1_000_000
	logUsers      = 20
	logTables     = 50
	logKeys       = 10_000
	perBlock      = 10
)

var logStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func stmtTime(i int) time.Time {
	return logStart.Add(time.Duration(i/perBlock) * (30 * 24 * time.Hour / (logStatements / perBlock)))
}

func openSyntheticLog(b *testing.B) drivers.Driver {
	b.Helper()
	d, err := sqlite.Open(filepath.Join(b.TempDir(), "log.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	ctx := context.Background()
	if err := d.Init(ctx); err != nil {
		b.Fatal(err)
	}
	tx, err := d.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	const batch = 500
	for i := 0; i < logStatements; i += batch {
		for _, q := range syntheticBatch(d, i, batch) {
			if err := tx.ExecInternal(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return d
}

// syntheticBatch writes statements i..i+n as the engine logs them.
func syntheticBatch(d drivers.Driver, i, n int) []string {
	var st, tx, tabs, rc []string
	for k := i; k < i+n; k++ {
		h, at := k/perBlock+1, stmtTime(k).Format(audit.TimeLayout)
		hash := fmt.Sprintf("%064x", k)
		user, table := fmt.Sprintf("user%d", k%logUsers), fmt.Sprintf("app.t%d", (k/logUsers)%logTables)
		key := (k * 7919) % logKeys
		st = append(st, fmt.Sprintf("(%d, '%s', 0, '%s', '%s', '10.0.0.1:5000', 'node', 'app', "+
			"'UPDATE %s SET v = v + 1 WHERE id = %d', '', '', '%s', 'ok', 0, '', 1, 0)", h, hash, at, user, table, key, table))
		tx = append(tx, fmt.Sprintf("('%s', %d, %d, '%s', '10.0.0.1:5000', 'node', 1, 'ok', 0, '')", hash, h, k%perBlock, user))
		tabs = append(tabs, fmt.Sprintf("('%s', '%s', %d, '%s', 0)", table, at, h, hash))
		rc = append(rc, fmt.Sprintf("('%s', '[%d]', 'update', '{\"id\":%d,\"v\":%d}', '{\"id\":%d,\"v\":%d}', %d, '%s', 0)",
			table, key, key, k, key, k+1, h, hash))
	}
	return []string{
		"INSERT INTO " + d.Internal("statements") + " (height, tx_hash, stmt_index, block_time, user, client_addr, node, db," +
			" original_sql, params, applied_sql, tables_touched, outcome, error_code, error_message, rows_affected," +
			" last_insert_id) VALUES " + strings.Join(st, ", "),
		"INSERT INTO " + d.Internal("transactions") + " (tx_hash, height, tx_index, user, client_addr, node," +
			" statement_count, outcome, error_code, error_message) VALUES " + strings.Join(tx, ", "),
		"INSERT INTO " + d.Internal("statement_tables") + " (table_name, block_time, height, tx_hash, stmt_index) VALUES " +
			strings.Join(tabs, ", "),
		"INSERT INTO " + d.Internal("row_changes") + " (table_name, pk, op, row_before, row_after, height, tx_hash," +
			" stmt_index) VALUES " + strings.Join(rc, ", "),
	}
}

// BenchmarkAuditLookups measures the auditor's two common questions over
// 1,000,000 logged statements: one table, one user, one day; and one
// row's full history. Reported as ms/op per lookup.
func BenchmarkAuditLookups(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 1,000,000-statement log")
	}
	d := openSyntheticLog(b)
	ctx := context.Background()
	day := logStart.Add(12 * 24 * time.Hour)
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
