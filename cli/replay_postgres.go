package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/blocksql/blocksql/drivers"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// A postgres-dialect chain replays (replay.go, rebuild.go) into a new
// PostgreSQL database (--output postgres:DSN) or SQLite file with the
// engine its nodes use (replay.PGEngine), through the same restore as the
// MySQL dialect: each block verified against the signed chain, each
// recomputed AppHash against the next block's header, --to-tx stopping
// inside a block, snapshots of SQLite nodes. Here: what is particular to
// PostgreSQL outputs, and verify, which rebuilds the state at the height a
// node's database claims in a scratch database on the same server (or a
// temporary SQLite file) and compares the two.

// openText opens a postgres-dialect database: PostgreSQL (postgres:DSN)
// or SQLite (sqlite:PATH).
func openText(ctx context.Context, out output) (drivers.TextDriver, error) {
	if out.driver == "sqlite" {
		return sqlite.OpenPG(out.path)
	}
	return pgdriver.Open(ctx, out.dsn)
}

// pgSchemas are the schemas a postgres-dialect database holds: the user
// tables' and blocksql's own.
var pgSchemas = []string{"public", "blocksql"}

// pgHoldsData tells whether the PostgreSQL database dsn names has a table,
// view or sequence outside the system schemas.
func pgHoldsData(ctx context.Context, dsn string) (bool, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return false, err
	}
	defer conn.Close(ctx)
	var full bool
	err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
		AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f'))`).Scan(&full)
	return full, err
}

// pgEmpty drops what a postgres-dialect database holds (--force, or a
// restore that failed half-way): schemas public and blocksql, public made
// again empty. A database with other schemas is not one blocksql wrote and
// is left alone.
func pgEmpty(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var others []string
	rows, err := conn.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'blocksql', 'information_schema')
		AND nspname NOT LIKE 'pg\_%' ORDER BY 1`)
	if err == nil {
		others, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil {
		return err
	}
	if len(others) > 0 {
		return &UsageError{Msg: fmt.Sprintf("the output database has schemas blocksql does not write (%s); it is left as it is",
			strings.Join(others, ", ")), Hint: "restore into a new database (createdb)"}
	}
	for _, s := range pgSchemas {
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+s+" CASCADE"); err != nil {
			return err
		}
	}
	_, err = conn.Exec(ctx, "CREATE SCHEMA public")
	return err
}

// verifyPostgres is runVerify for a postgres-dialect chain: the node's
// database (or --dsn postgres:DSN or sqlite:PATH) against a rebuild in a
// scratch database (on the same server, or a temporary SQLite file),
// removed afterwards.
func verifyPostgres(ctx context.Context, c *chain, db output) (*VerifyResult, error) {
	node, err := openText(ctx, db)
	if err != nil {
		return nil, err
	}
	defer node.Close()
	// A running node may apply a block while the digest is read: read it
	// between two readings of the same height and AppHash.
	var height int64
	var appHash, digest []byte
	var meta map[string][]byte
	for try := 0; ; try++ {
		before, err := node.Meta(ctx)
		if err != nil {
			return nil, err
		}
		if digest, err = node.Digest(ctx); err != nil {
			return nil, err
		}
		after, err := node.Meta(ctx)
		if err != nil {
			return nil, err
		}
		if string(before["height"]) == string(after["height"]) {
			height, _ = strconv.ParseInt(string(after["height"]), 10, 64)
			appHash, meta = after["app_hash"], after
			break
		}
		if try == 10 {
			return nil, errors.New("the node applied a block during every reading of its database; try again")
		}
	}
	if height > c.store.Height() {
		return nil, fmt.Errorf("database claims height %d, the chain ends at %d", height, c.store.Height())
	}
	stop := replay.Stop{Height: height, Txs: -1}
	if applied, _, partial, err := replay.PartialMeta(meta); err != nil {
		return nil, err
	} else if partial {
		stop.Txs = applied
	}
	scratch, drop, err := scratchOutput(ctx, db)
	if err != nil {
		return nil, err
	}
	defer drop()
	var snap *replay.SnapshotInfo
	if scratch.driver == "sqlite" {
		if snap, err = c.snapshotFor(stop); err != nil {
			return nil, err
		}
	}
	ref, rep, err := c.rebuild(ctx, scratch, stop, snap, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("rebuild height %d from the chain: %w", height, err)
	}
	ref.Close()
	name := "postgres:" + redactDSN(db.dsn)
	if db.driver == "sqlite" {
		name = "sqlite:" + db.path
	}
	res := &VerifyResult{DSN: name, Height: height, PartialTxs: stop.Txs, Digest: hex.EncodeToString(digest),
		Chain: rep.Digest.Hash, AppHash: hex.EncodeToString(appHash), ChainApp: rep.AppHash}
	res.Match = res.Digest == res.Chain && res.AppHash == res.ChainApp
	return res, nil
}

// scratchOutput is an empty database of db's kind to rebuild into, and
// what removes it.
func scratchOutput(ctx context.Context, db output) (output, func(), error) {
	if db.driver == "sqlite" {
		dir, err := os.MkdirTemp("", "blocksql-verify-")
		if err != nil {
			return output{}, nil, err
		}
		return output{driver: "sqlite", path: filepath.Join(dir, "rebuilt.db")}, func() { os.RemoveAll(dir) }, nil
	}
	dsn, drop, err := scratchDatabase(ctx, db.dsn)
	return output{driver: "postgres", dsn: dsn}, drop, err
}

// scratchDatabase creates an empty database beside the one dsn names and
// returns its DSN and what drops it.
func scratchDatabase(ctx context.Context, dsn string) (string, func(), error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", nil, err
	}
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("%s_verify_%d_%d", cfg.Database, os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		admin.Close(ctx)
		return "", nil, fmt.Errorf("create a scratch database to rebuild into: %w", err)
	}
	u := url.URL{Scheme: "postgres", Host: fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), Path: "/" + name,
		RawQuery: "sslmode=prefer"}
	if cfg.Password != "" {
		u.User = url.UserPassword(cfg.User, cfg.Password)
	} else {
		u.User = url.User(cfg.User)
	}
	return u.String(), func() {
		_, _ = admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		admin.Close(context.Background())
	}, nil
}

// redactDSN drops a password from a PostgreSQL DSN for printing.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	if strings.Contains(dsn, "password=") {
		return "(DSN with a password)"
	}
	return dsn
}

func verifyPostgresHome(ctx context.Context, home string, db output) (*VerifyResult, error) {
	c, err := openChain(home)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return verifyPostgres(ctx, c, db)
}
