package cli

import "github.com/blocksql/blocksql/consensus"

// postgres configures a postgres-dialect chain: the dialect goes into the
// genesis and the config, and the node applies to a native PostgreSQL
// database (the embedded SQLite backend does not speak this dialect yet).
func (o *initOptions) postgres(cfg *Config) error {
	if o.driver != "postgres" || o.dsn == "" {
		return &UsageError{Msg: "--dialect postgres needs --driver postgres --dsn (SQLite is not yet a postgres-dialect backend)",
			Hint: "blocksql init --dialect postgres --driver postgres --dsn 'postgres://postgres@127.0.0.1:5432/node1'"}
	}
	cfg.Dialect = "postgres"
	cfg.Database = DatabaseConfig{Driver: "postgres", DSN: o.dsn}
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
