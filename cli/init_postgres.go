package cli

import "github.com/blocksql/blocksql/consensus"

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
