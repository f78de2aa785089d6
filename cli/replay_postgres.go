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

// A postgres-dialect chain replays into a new PostgreSQL database
// (--output postgres:DSN) with the engine its nodes use (replay.PGEngine),
// each block verified against the signed chain and each recomputed AppHash
// against the next block's header; verify rebuilds the state at the height
// a node's database claims in a scratch database on the same server and
// compares the two. Snapshots and stops inside a block (--to-tx) are
// MySQL-dialect features not yet offered here.

func isPostgresChain(c *chain) bool { return c.genesis.Dialect == "postgres" }

// replayPostgres is runReplay for a postgres-dialect chain.
func (o *replayOptions) replayPostgres(ctx context.Context, c *chain, stop replay.Stop) error {
	if stop.Partial() {
		return &UsageError{Msg: "a postgres-dialect chain replays whole blocks only", Hint: "use --to-height or --to-time"}
	}
	if o.dryRun {
		_, err := fmt.Fprintf(o.stdout, "would replay blocks 1..%d from genesis into %s\n", stop.Height, o.out)
		return err
	}
	if o.out.driver != "postgres" && o.out.driver != "sqlite" {
		return &UsageError{Msg: "a postgres-dialect chain replays into a PostgreSQL or SQLite database",
			Hint: "blocksql replay --home H --to-height N --output 'postgres:postgres://postgres@127.0.0.1:5432/restored' or --output sqlite:restored.db"}
	}
	if o.out.driver == "sqlite" {
		if _, err := os.Stat(o.out.path); err == nil {
			return &UsageError{Msg: fmt.Sprintf("%s exists; replay only writes a new database", o.out.path), Hint: "name a new file"}
		}
	}
	drv, rep, err := rebuildPostgres(ctx, c, o.out, stop)
	if err != nil {
		return err
	}
	drv.Close()
	return o.print(rep)
}

// openText opens a postgres-dialect database: PostgreSQL (postgres:DSN)
// or SQLite (sqlite:PATH).
func openText(ctx context.Context, out output) (drivers.TextDriver, error) {
	if out.driver == "sqlite" {
		return sqlite.OpenPG(out.path)
	}
	return pgdriver.Open(ctx, out.dsn)
}

// rebuildPostgres applies blocks 1..stop.Height of a postgres-dialect
// chain to the empty database out names and returns it with the report.
func rebuildPostgres(ctx context.Context, c *chain, out output, stop replay.Stop) (drivers.TextDriver, *replay.Report, error) {
	drv, err := openText(ctx, out)
	if err != nil {
		return nil, nil, err
	}
	eng, err := replay.NewPG(ctx, drv)
	if err == nil && eng.Height() != 0 {
		err = &UsageError{Msg: fmt.Sprintf("output database is at height %d; replay only writes a new database", eng.Height()),
			Hint: "create an empty database for it (createdb)"}
	}
	if err != nil {
		drv.Close()
		return nil, nil, err
	}
	rep := &replay.Report{Stop: stop, AppHashVerified: -1}
	start := time.Now()
	c.verifier.Start(nil)
	for h := int64(1); h <= stop.Height; h++ {
		if err := applyVerified(ctx, c, eng, h, rep); err != nil {
			drv.Close()
			return nil, nil, err
		}
	}
	d, err := drv.Digest(ctx)
	if err != nil {
		drv.Close()
		return nil, nil, err
	}
	rep.AppHash = hex.EncodeToString(eng.AppHash())
	rep.Digest = &replay.Digest{Height: stop.Height, Hash: hex.EncodeToString(d)}
	rep.Seconds = time.Since(start).Seconds()
	return drv, rep, nil
}

// applyVerified reads block h, checks it against the signed chain, applies
// it and checks the AppHash the next block committed to.
func applyVerified(ctx context.Context, c *chain, eng *replay.PGEngine, h int64, rep *replay.Report) error {
	b, err := c.store.Block(h)
	if err != nil {
		return err
	}
	hdr, err := c.store.Header(h)
	if err != nil {
		return err
	}
	commit, err := c.store.Commit(h)
	if err != nil {
		return err
	}
	if err := c.verifier.VerifyBlock(&b, hdr, commit); err != nil {
		return err
	}
	res, hash, err := eng.ApplyBlock(ctx, b)
	if err != nil {
		return err
	}
	rep.Count(res)
	if h+1 > c.store.Height() {
		return nil
	}
	next, err := c.store.Header(h + 1)
	if err != nil {
		return err
	}
	if err := replay.CheckAppHash(h, hash, next); err != nil {
		return err
	}
	rep.AppHashVerified = h
	return nil
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
			appHash = after["app_hash"]
			break
		}
		if try == 10 {
			return nil, errors.New("the node applied a block during every reading of its database; try again")
		}
	}
	if height > c.store.Height() {
		return nil, fmt.Errorf("database claims height %d, the chain ends at %d", height, c.store.Height())
	}
	scratch, drop, err := scratchOutput(ctx, db)
	if err != nil {
		return nil, err
	}
	defer drop()
	ref, rep, err := rebuildPostgres(ctx, c, scratch, replay.Stop{Height: height, Txs: -1})
	if err != nil {
		return nil, fmt.Errorf("rebuild height %d from the chain: %w", height, err)
	}
	ref.Close()
	name := "postgres:" + redactDSN(db.dsn)
	if db.driver == "sqlite" {
		name = "sqlite:" + db.path
	}
	res := &VerifyResult{DSN: name, Height: height, PartialTxs: -1, Digest: hex.EncodeToString(digest),
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
