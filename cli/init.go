package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
)

func init() { register(newInitCmd) }

// initOptions are the flags of init.
type initOptions struct {
	home, driver, dsn, prefix, listen, metrics string
	dialect, pgListen                          string
	peers                                      string
	consensus.InitOptions
}

func newInitCmd() *cobra.Command {
	var o initOptions
	c := &cobra.Command{
		Use:   "init",
		Short: "create a node home: config, keys and a single-validator genesis",
		Long: "init creates a node home (blocksql.toml, CometBFT keys and a single-validator genesis).\n" +
			"An existing blocksql.toml is kept.",
		Example: "  blocksql init --home ./node\n" +
			"  blocksql init --home ./node --mysql-listen 127.0.0.1:3308 --p2p tcp://127.0.0.1:26666\n" +
			"  blocksql init --home ./node --driver mysql --dsn 'root@tcp(127.0.0.1:3306)/' --prefix node1_",
		RunE: func(*cobra.Command, []string) error { return o.run() },
	}
	f := c.Flags()
	f.StringVar(&o.home, "home", defaultHome(), "node home directory")
	f.StringVar(&o.dialect, "dialect", "mysql", "the chain's SQL dialect, fixed in its genesis: mysql or postgres")
	f.StringVar(&o.pgListen, "postgres-listen", "127.0.0.1:5433", "PostgreSQL protocol listen address (postgres dialect)")
	f.StringVar(&o.driver, "driver", "sqlite", "local database: sqlite or mysql (MariaDB/MySQL); postgres for the postgres dialect")
	f.StringVar(&o.dsn, "dsn", "", "sqlite file (relative to home) or MySQL DSN such as root@tcp(127.0.0.1:3306)/")
	f.StringVar(&o.prefix, "prefix", "", "mysql driver: prefix for every physical database name")
	f.StringVar(&o.listen, "mysql-listen", "127.0.0.1:3307", "MySQL protocol listen address")
	f.StringVar(&o.metrics, "metrics-listen", DefaultMetricsListen, "address of /metrics, /healthz, /readyz and /status (empty: off)")
	f.StringVar(&o.P2PListen, "p2p", consensus.DefaultP2PListen, "CometBFT P2P listen address")
	f.StringVar(&o.ChainID, "chain-id", consensus.DefaultChainID, "chain id")
	f.StringVar(&o.peers, "peers", "", "persistent peers, comma-separated id@host:port (see `blocksql genesis show`)")
	f.StringVar(&o.Moniker, "name", "", "node name (genesis validator name, logs)")
	return c
}

func (o *initOptions) run() error {
	cfg := defaultConfig()
	cfg.MySQL.Listen = o.listen
	cfg.Metrics.Listen = o.metrics
	if o.dialect == "postgres" {
		if err := o.postgres(&cfg); err != nil {
			return err
		}
		return initHome(o.home, cfg, o.InitOptions)
	}
	if o.dialect != "mysql" {
		return &UsageError{Msg: fmt.Sprintf("unknown dialect %q", o.dialect), Hint: "blocksql init --dialect mysql|postgres"}
	}
	switch o.driver {
	case "sqlite":
		if o.dsn != "" {
			cfg.Database.DSN = o.dsn
		}
	case "mysql":
		if o.dsn == "" {
			return &UsageError{Msg: "--driver mysql needs --dsn", Hint: "blocksql init --driver mysql --dsn 'root@tcp(127.0.0.1:3306)/'"}
		}
		cfg.Database = DatabaseConfig{Driver: "mysql", DSN: o.dsn, Prefix: o.prefix}
	default:
		return &UsageError{Msg: fmt.Sprintf("unknown driver %q", o.driver), Hint: "blocksql init --driver sqlite"}
	}
	if o.peers != "" {
		o.PersistentPeers = strings.Split(o.peers, ",")
	}
	return initHome(o.home, cfg, o.InitOptions)
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
	if err := moveUsersToGenesis(home); err != nil {
		return err
	}
	fmt.Printf("initialized blocksql home %s (local database: %s)\n", home, cfg.Database.Driver)
	return nil
}
