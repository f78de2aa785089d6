package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// SnapshotTo writes a consistent copy of the database to a new file with
// VACUUM INTO. It runs in one read transaction on a connection of its own
// (the reader pool is query-only, which VACUUM INTO refuses), so the copy
// holds exactly the blocks committed when it started, height and AppHash
// included, and block application is not held up.
func (d *Driver) SnapshotTo(ctx context.Context, path string) error {
	return snapshotTo(ctx, d.path, path)
}

// SnapshotTo is Driver.SnapshotTo, for a postgres-dialect node.
func (d *PGDriver) SnapshotTo(ctx context.Context, path string) error {
	return snapshotTo(ctx, d.path, path)
}

func snapshotTo(ctx context.Context, from, to string) error {
	db, err := sql.Open(sqlDriverName, "file:"+from+"?_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("sqlite snapshot: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		return fmt.Errorf("sqlite snapshot to %s: %w", to, err)
	}
	return nil
}
