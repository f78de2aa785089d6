package cli

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// postgres configures a postgres-dialect chain: the dialect goes into the
// genesis and the config, and the node applies to a native PostgreSQL
// database (--driver postgres --dsn) or to the embedded SQLite default.
func (o *initOptions) postgres(cfg *Config) error {
	switch {
	case o.driver == "postgres" && o.dsn != "":
		cfg.Database = DatabaseConfig{Driver: "postgres", DSN: o.dsn}
	case o.driver == "sqlite":
		cfg.Database = DatabaseConfig{Driver: "sqlite", DSN: or(o.dsn, "data/blocksql.db")}
	default:
		return &UsageError{Msg: "--dialect postgres applies to SQLite (the default) or to PostgreSQL with --driver postgres --dsn",
			Hint: "blocksql init --dialect postgres --driver postgres --dsn 'postgres://postgres@127.0.0.1:5432/node1'"}
	}
	cfg.Dialect = "postgres"
	cfg.Postgres.Listen = o.pgListen
	cfg.Postgres.TLSCert, cfg.Postgres.TLSKey = "config/postgres-cert.pem", "config/postgres-key.pem"
	cfg.Users = map[string]string{"postgres": ""}
	o.Dialect = "postgres"
	return nil
}

// checkDialect refuses a config whose dialect is not the genesis's.
func checkDialect(home string, cfg Config) error {
	g, err := consensus.GenesisDialect(home)
	if err != nil {
		return err
	}
	if want := or(cfg.Dialect, "mysql"); g != want {
		return &UsageError{Msg: "blocksql.toml says dialect " + want + " but the chain's genesis says " + g,
			Hint: "a chain's dialect is fixed at init"}
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// postgresDialect reports whether the home's chain is a postgres-dialect
// one (by its configuration).
func postgresDialect(home string) bool {
	cfg, err := loadConfig(home)
	return err == nil && cfg.Dialect == "postgres"
}

// dialectOutput is a postgres-dialect node's own database as an output.
func dialectOutput(home string, db DatabaseConfig) output {
	if db.Driver == "sqlite" {
		return output{driver: "sqlite", path: inHome(home, or(db.DSN, "data/blocksql.db"))}
	}
	return output{driver: "postgres", dsn: db.DSN}
}

// printPostgresDigest is `blocksql digest` on a postgres-dialect node: its
// height and the canonical digest both backends compute alike.
func printPostgresDigest(ctx context.Context, home string, db DatabaseConfig, asJSON bool) error {
	drv, err := openText(ctx, dialectOutput(home, db))
	if err != nil {
		return err
	}
	defer drv.Close()
	meta, err := drv.Meta(ctx)
	if err != nil {
		return err
	}
	d, err := drv.Digest(ctx)
	if err != nil {
		return err
	}
	height, _ := strconv.ParseInt(string(meta["height"]), 10, 64)
	out := replay.Digest{Height: height, Hash: hex.EncodeToString(d)}
	if asJSON {
		return writeJSON(os.Stdout, out)
	}
	_, err = fmt.Printf("height\t%d\ndigest\t%s\n", out.Height, out.Hash)
	return err
}
