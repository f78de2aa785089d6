package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/replay"
)

// verifyCmd checks a database against the chain at the height it claims,
// by rebuilding that state and comparing canonical digests.
func init() { register(newVerifyCmd) }

// errDiverged is returned when a database differs from the chain.
var errDiverged = errors.New("database does not match the chain")

const verifyHint = "blocksql verify --home H --dsn sqlite:H/data/blocksql.db"

// VerifyResult is what verify found, also printed as JSON.
type VerifyResult struct {
	DSN        string             `json:"dsn"`
	Height     int64              `json:"height"`
	PartialTxs int                `json:"partial_txs"`
	Match      bool               `json:"match"`
	Digest     string             `json:"digest"`
	Chain      string             `json:"chain_digest"`
	AppHash    string             `json:"app_hash"`
	ChainApp   string             `json:"chain_app_hash"`
	Tables     []replay.TableDiff `json:"differences,omitempty"`
}

func newVerifyCmd() *cobra.Command {
	var home, dsn string
	var asJSON bool
	var limit int
	c := &cobra.Command{
		Use:   "verify",
		Short: "check that a database matches the chain at the height it claims",
		Long: "verify rebuilds the state at the height a database claims and compares canonical digests;\n" +
			"it exits 1 and names differing rows when they differ.",
		Example: "  blocksql verify --home ./node\n  " + verifyHint + "\n  blocksql verify --home ./node --dsn 'mysql:root@tcp(127.0.0.1:3306)/#node1_' --json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVerify(cmd.Context(), home, dsn, asJSON, limit)
		},
	}
	f := c.Flags()
	f.StringVar(&home, "home", defaultHome(), "node home directory holding the chain")
	f.StringVar(&dsn, "dsn", "", "database to check: sqlite:PATH, mysql:DSN#prefix or, for a postgres-dialect chain, postgres:DSN (default: the home's own database)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.IntVar(&limit, "limit", 20, "differing rows to name per table")
	return c
}

func runVerify(ctx context.Context, home, dsn string, asJSON bool, limit int) error {
	db, err := verifyTarget(home, dsn)
	if err != nil {
		return err
	}
	var res *VerifyResult
	if db.driver == "postgres" || postgresDialect(home) {
		res, err = verifyPostgresHome(ctx, home, db)
	} else {
		res, err = verifyDatabase(ctx, home, db, limit)
	}
	if err != nil {
		return err
	}
	if asJSON {
		err = writeJSON(os.Stdout, res)
	} else {
		printVerify(os.Stdout, res)
	}
	if err == nil && !res.Match {
		err = errDiverged
	}
	return err
}

// verifyTarget is the database named by --dsn, or the node's own.
func verifyTarget(home, dsn string) (output, error) {
	if dsn != "" {
		return parseOutput("--dsn", dsn)
	}
	cfg, err := loadConfig(home)
	if err != nil {
		return output{}, err
	}
	if cfg.Database.Driver == "postgres" || cfg.Dialect == "postgres" {
		return dialectOutput(home, cfg.Database), nil
	}
	if cfg.Database.Driver == "mysql" {
		return output{driver: "mysql", dsn: cfg.Database.DSN, prefix: cfg.Database.Prefix}, nil
	}
	path := cfg.Database.DSN
	if !filepath.IsAbs(path) {
		path = filepath.Join(home, path)
	}
	return output{driver: "sqlite", path: path}, nil
}

func verifyDatabase(ctx context.Context, home string, db output, limit int) (*VerifyResult, error) {
	if db.driver == "sqlite" {
		if _, err := os.Stat(db.path); err != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("no database at %s", db.path), Hint: verifyHint}
		}
	}
	drv, err := db.open()
	if err != nil {
		return nil, err
	}
	defer drv.Close()
	// It reads the database, which a running node may be writing.
	e, err := replay.New(ctx, drv, nil, replay.ReadOnly())
	if err != nil {
		return nil, err
	}
	stop, err := claimedStop(ctx, e)
	if err != nil {
		return nil, err
	}
	c, err := openChain(home)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if stop.Height > c.store.Height() {
		return nil, fmt.Errorf("database %s claims height %d, the chain in %s ends at %d", db, stop.Height, home, c.store.Height())
	}
	return compareWithChain(ctx, c, db, e, stop, limit)
}

// claimedStop is the point the database says it is at.
func claimedStop(ctx context.Context, e *replay.Engine) (replay.Stop, error) {
	stop := replay.Stop{Height: e.Height(), Txs: -1}
	applied, _, partial, err := e.Partial(ctx)
	if partial {
		stop.Txs = applied
	}
	return stop, err
}

// compareWithChain rebuilds the state at stop in a temporary SQLite file
// and compares it with e.
func compareWithChain(ctx context.Context, c *chain, db output, e *replay.Engine, stop replay.Stop, limit int) (*VerifyResult, error) {
	dir, err := os.MkdirTemp("", "blocksql-verify")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	snap, err := c.snapshotFor(stop)
	if err != nil {
		return nil, err
	}
	ref, _, err := c.rebuild(ctx, output{driver: "sqlite", path: filepath.Join(dir, "chain.db")}, stop, snap, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("rebuild height %d from the chain: %w", stop.Height, err)
	}
	defer ref.Close()
	return diffEngines(ctx, db, e, ref.(*replay.Engine), stop, limit)
}

func diffEngines(ctx context.Context, db output, e, ref *replay.Engine, stop replay.Stop, limit int) (*VerifyResult, error) {
	have, err := e.Digest(ctx)
	if err != nil {
		return nil, err
	}
	want, err := ref.Digest(ctx)
	if err != nil {
		return nil, err
	}
	res := &VerifyResult{DSN: db.String(), Height: stop.Height, PartialTxs: stop.Txs, Digest: have.Hash, Chain: want.Hash,
		AppHash: hex.EncodeToString(e.AppHash()), ChainApp: hex.EncodeToString(ref.AppHash())}
	res.Match = res.Digest == res.Chain && res.AppHash == res.ChainApp
	if res.Digest != res.Chain {
		if res.Tables, err = replay.DiffState(ctx, e, ref, limit); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func printVerify(w io.Writer, r *VerifyResult) {
	at := fmt.Sprintf("height %d", r.Height)
	if r.PartialTxs >= 0 {
		at += fmt.Sprintf(" (first %d transactions of the block)", r.PartialTxs)
	}
	if r.Match {
		fmt.Fprintf(w, "OK: %s matches the chain at %s\nstate digest %s\napp hash %s\n", r.DSN, at, r.Digest, r.AppHash)
		return
	}
	fmt.Fprintf(w, "MISMATCH: %s differs from the chain at %s\nstate digest %s, chain %s\n", r.DSN, at, r.Digest, r.Chain)
	if r.AppHash != r.ChainApp {
		fmt.Fprintf(w, "app hash %s, chain %s (the database's recorded history differs)\n", r.AppHash, r.ChainApp)
	}
	for _, t := range r.Tables {
		printTableDiff(w, t)
	}
}

func printTableDiff(w io.Writer, t replay.TableDiff) {
	if t.Missing != "" {
		fmt.Fprintf(w, "table %s.%s: missing from the %s\n", t.DB, t.Table, t.Missing)
		return
	}
	fmt.Fprintf(w, "table %s.%s:\n", t.DB, t.Table)
	for _, r := range t.Rows {
		fmt.Fprintf(w, "  %-8s %s\n", r.Change, r.Key)
	}
	if t.More > 0 {
		fmt.Fprintf(w, "  ... and %d more rows\n", t.More)
	}
}
