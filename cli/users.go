package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/proxy"
	pgfront "github.com/blocksql/blocksql/proxy/postgres"
	"github.com/blocksql/blocksql/replay"
)

// The [users] of blocksql.toml never keep a password in clear once the
// node has been initialized. At init, every user but root becomes an
// account of the chain's genesis (an administrator: every privilege, WITH
// GRANT OPTION) and leaves the file; root stays the node's own
// administrator, its password replaced by its mysql_native_password hash.
// A password written into [users] later is replaced by its hash at start.
// On a PostgreSQL-dialect chain [users] stay the frontend's users, with
// PostgreSQL's password hashes (SCRAM-SHA-256 verifiers, or md5 with
// auth_plugin = "md5").

// moveUsersToGenesis moves the [users] of home's configuration into its
// genesis, before the chain starts.
func moveUsersToGenesis(home string) error {
	cfg, err := loadConfig(home)
	if err != nil {
		return err
	}
	if cfg.Dialect == "postgres" {
		// The PostgreSQL frontend keeps its [users], as hashes.
		return hashConfigPasswords(home, &cfg, slog.New(slog.DiscardHandler))
	}
	accts, admins := splitUsers(cfg.Users)
	if len(accts) > 0 {
		if err := consensus.AddAccounts(home, accts); err != nil {
			if errors.Is(err, consensus.ErrChainStarted) {
				return &UsageError{Msg: fmt.Sprintf("[users] of %s cannot join the genesis: %v", ConfigFile, err),
					Hint: "create them on the running chain: CREATE USER 'name' IDENTIFIED BY 'password'; GRANT ALL ON *.* TO 'name' WITH GRANT OPTION"}
			}
			return err
		}
		names := make([]string, len(accts))
		for i, a := range accts {
			names[i] = a.Name
		}
		fmt.Printf("[users] %s are accounts of the genesis now (password hashes only)\n", strings.Join(names, ", "))
	}
	if len(accts) == 0 && maps.Equal(admins, cfg.Users) {
		return nil
	}
	cfg.Users = admins
	return rewriteConfig(home, cfg)
}

// splitUsers returns the genesis accounts [users] make (sorted by name)
// and the [users] the configuration keeps: root, with a hash.
func splitUsers(users map[string]string) ([]consensus.GenesisAccount, map[string]string) {
	var accts []consensus.GenesisAccount
	keep := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(users)) {
		hash := hashOf(users[name])
		if strings.EqualFold(name, "root") {
			keep[name] = hash
			continue
		}
		acct := consensus.GenesisAccount{Name: name, Native: hash}
		if !replay.IsNativeHash(users[name]) {
			acct.Sha2 = proxy.Sha2Verifier(users[name])
		}
		accts = append(accts, acct)
	}
	return accts, keep
}

// hashOf is a [users] password as its mysql_native_password hash.
func hashOf(pw string) string {
	if replay.IsNativeHash(pw) {
		return strings.ToUpper(pw)
	}
	return proxy.NativeHash(pw)
}

// hashConfigPasswords replaces a password in clear in [users] by its hash
// and rewrites the configuration.
func hashConfigPasswords(home string, cfg *Config, log *slog.Logger) error {
	changed := false
	for name, pw := range cfg.Users {
		h := hashOf(pw)
		if cfg.Dialect == "postgres" {
			h = pgfront.PasswordHash(name, pw, cfg.Postgres.AuthPlugin)
		}
		if h != pw {
			cfg.Users[name] = h
			changed = true
			log.Warn("replaced a password in clear in [users] by its hash", "user", name)
		}
	}
	if !changed {
		return nil
	}
	return rewriteConfig(home, *cfg)
}

// rewriteConfig replaces blocksql.toml with cfg.
func rewriteConfig(home string, cfg Config) error {
	tmp := filepath.Join(home, ConfigFile+".new")
	os.Remove(tmp)
	if err := writeConfigFile(tmp, cfg); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	return os.Rename(tmp, filepath.Join(home, ConfigFile))
}
