package postgres

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Meta implements drivers.TextDriver.
func (d *Driver) Meta(ctx context.Context) (map[string][]byte, error) {
	rows, err := d.pool.Query(ctx, "SELECT k, v FROM blocksql.meta")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	var k string
	var v []byte
	_, err = pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		out[k] = append([]byte(nil), v...)
		return nil
	})
	return out, err
}

// Digest implements drivers.TextDriver: SHA-256 over every table of the
// public schema in name order, each as its name and its rows in their text
// form, sorted bytewise (COLLATE "C"), so two databases holding the same
// rows give the same digest whatever order they were written in.
func (d *Driver) Digest(ctx context.Context) ([]byte, error) {
	rows, err := d.pool.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE "C"`)
	if err != nil {
		return nil, err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for _, t := range tables {
		q := fmt.Sprintf(`SELECT COALESCE(string_agg(x::text, E'\n' ORDER BY x::text COLLATE "C"), '') FROM public.%s AS x`,
			pgx.Identifier{t}.Sanitize())
		var body string
		if err := d.pool.QueryRow(ctx, q).Scan(&body); err != nil {
			return nil, fmt.Errorf("digest %s: %w", t, err)
		}
		fmt.Fprintf(h, "%d:%s\n%d:%s\n", len(t), t, len(body), body)
	}
	return h.Sum(nil), nil
}
