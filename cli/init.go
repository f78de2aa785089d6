package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blocksql/blocksql/consensus"
)

type initCmd struct{}

func init() { register("init", initCmd{}) }

func (initCmd) Summary() string {
	return "create a node home: config, keys and a single-validator genesis"
}

func (initCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	home := fs.String("home", defaultHome(), "node home directory")
	driver := fs.String("driver", "sqlite", "local database: sqlite or mysql (MariaDB/MySQL)")
	dsn := fs.String("dsn", "", "sqlite file (relative to home) or MySQL DSN such as root@tcp(127.0.0.1:3306)/")
	prefix := fs.String("prefix", "", "mysql driver: prefix for every physical database name")
	listen := fs.String("mysql-listen", "127.0.0.1:3307", "MySQL protocol listen address")
	p2p := fs.String("p2p", consensus.DefaultP2PListen, "CometBFT P2P listen address")
	chainID := fs.String("chain-id", consensus.DefaultChainID, "chain id")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error(), Hint: "blocksql init -h"}
	}
	cfg := defaultConfig()
	cfg.MySQL.Listen = *listen
	switch *driver {
	case "sqlite":
		if *dsn != "" {
			cfg.Database.DSN = *dsn
		}
	case "mysql":
		if *dsn == "" {
			return &UsageError{Msg: "--driver mysql needs --dsn", Hint: "blocksql init --driver mysql --dsn 'root@tcp(127.0.0.1:3306)/'"}
		}
		cfg.Database = DatabaseConfig{Driver: "mysql", DSN: *dsn, Prefix: *prefix}
	default:
		return &UsageError{Msg: fmt.Sprintf("unknown driver %q", *driver), Hint: "blocksql init --driver sqlite"}
	}
	return initHome(*home, cfg, consensus.InitOptions{ChainID: *chainID, P2PListen: *p2p})
}

// initHome writes blocksql.toml (unless present) and CometBFT's files.
func initHome(home string, cfg Config, opts consensus.InitOptions) error {
	if err := os.MkdirAll(filepath.Join(home, "data"), 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(home, ConfigFile)); os.IsNotExist(err) {
		if err := writeConfig(home, cfg); err != nil {
			return fmt.Errorf("write config: %w", err)
		}
	}
	if err := ensureKeys(home, cfg); err != nil {
		return err
	}
	if err := consensus.Init(home, opts); err != nil {
		return fmt.Errorf("init consensus: %w", err)
	}
	fmt.Printf("initialized blocksql home %s (local database: %s)\n", home, cfg.Database.Driver)
	return nil
}
