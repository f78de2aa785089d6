package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// benchDriver is a database with one table of 1,000 rows with a DECIMAL.
func benchDriver(b *testing.B) *Driver {
	d, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	ctx := context.Background()
	if err := d.Init(ctx); err != nil {
		b.Fatal(err)
	}
	benchExec(b, d, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2))")
	for i := 0; i < 1000; i += 100 {
		q := "INSERT INTO app.t VALUES "
		for j := i; j < i+100; j++ {
			if j > i {
				q += ", "
			}
			q += fmt.Sprintf("(%d, 'n%d', %d.25)", j, j, j)
		}
		benchExec(b, d, q)
	}
	return d
}

// benchExec applies statements in one block.
func benchExec(b *testing.B, d *Driver, qs ...string) {
	ctx := context.Background()
	tx, err := d.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range qs {
		stmt, err := drivers.Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(ctx, stmt); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkPointSelect(b *testing.B) {
	d := benchDriver(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stmt, err := drivers.Parse(fmt.Sprintf("SELECT id, name, price FROM app.t WHERE id = %d", i%1000))
		if err != nil {
			b.Fatal(err)
		}
		rows, err := d.Query(ctx, stmt)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
}

func BenchmarkInsertBlock(b *testing.B) {
	d := benchDriver(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchExec(b, d, fmt.Sprintf("INSERT INTO app.t VALUES (%d, 'x', 12.5)", 1000+i))
	}
}
