package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/auth"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// Accounts and privileges are chain state: CREATE USER, GRANT, REVOKE ...
// are chain statements the engine applies to blocksql.accounts (one JSON
// document per user), so every node and every replay decides alike.
//
// A user without an account on the chain (root, and the [users] of a
// node's configuration, authenticated by that node) is an administrator:
// the node operator already decides what its clients may sign. A user with
// an account holds exactly the privileges granted to it; its writes are
// checked here, its reads by the proxy.

// Privilege error numbers.
const (
	ErDBAccessDenied     = 1044 // 42000
	ErSpecificAccess     = 1227 // 42000
	ErCannotUser         = 1396 // HY000
	ErNonexistingGrant   = 1141 // 42000
	ErPasswordNoHash     = 1827 // HY000
	privGrantOption      = "GRANT OPTION"
	globalLevel          = "*.*"
	nativePasswordPlugin = "mysql_native_password"
)

// Privileges lists the privileges an account can hold, as SHOW GRANTS
// names them; ALL is every one but GRANT OPTION.
var Privileges = []string{"SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX"}

// Account is one user's state on the chain.
type Account struct {
	// Native is the mysql_native_password hash: '*' and 40 hex digits of
	// SHA1(SHA1(password)); "" for no password.
	Native string `json:"native"`
	// Sha2 is the caching_sha2_password verifier: the lower-case hex of
	// SHA256(SHA256(password)); "" when the account was given only a
	// mysql_native_password hash (it then logs in with that method).
	Sha2 string `json:"sha2,omitempty"`
	// Privs maps a level ("*.*", "db.*", "db.table", lower case) to the
	// privileges held there.
	Privs map[string][]string `json:"privs,omitempty"`
}

func (a *Account) clone() *Account {
	c := &Account{Native: a.Native, Sha2: a.Sha2, Privs: make(map[string][]string, len(a.Privs))}
	for k, v := range a.Privs {
		c.Privs[k] = slices.Clone(v)
	}
	return c
}

// Has reports whether the account holds priv on table (db.table) through
// a global, database or table grant.
func (a *Account) Has(priv, db, table string) bool {
	db, table = strings.ToLower(db), strings.ToLower(table)
	for _, lvl := range []string{globalLevel, db + ".*", db + "." + table} {
		if slices.Contains(a.Privs[lvl], priv) {
			return true
		}
	}
	return false
}

// AccountReader answers who may do what, from the last applied block.
type AccountReader interface {
	// Account returns the user's account; ok is false for a user without
	// one (an administrator of the node).
	Account(user string) (acct *Account, ok bool)
}

// Account implements AccountReader from the published state.
func (e *Engine) Account(user string) (*Account, bool) {
	a, ok := e.pub.Load().accounts[user]
	return a, ok
}

// CheckRead refuses a read of a table the user holds no SELECT on (1142).
// The blocksql schema needs SELECT on blocksql.* (or global SELECT).
func CheckRead(r AccountReader, user string, tables []string) error {
	acct, ok := r.Account(user)
	if !ok {
		return nil
	}
	for _, q := range tables {
		db, table := splitQualified(q)
		if !acct.Has("SELECT", db, table) {
			return tableDenied("SELECT", user, table)
		}
	}
	return nil
}

func tableDenied(verb, user, table string) error {
	return drivers.Errorf(drivers.ErTableAccessDenied, "42000",
		"%s command denied to user '%s'@'%%' for table '%s'", verb, user, table)
}

// IsAccountStmt reports whether stmt changes accounts or privileges.
func IsAccountStmt(stmt ast.StmtNode) bool {
	switch stmt.(type) {
	case *ast.CreateUserStmt, *ast.AlterUserStmt, *ast.DropUserStmt, *ast.RenameUserStmt,
		*ast.GrantStmt, *ast.RevokeStmt, *ast.SetPwdStmt:
		return true
	}
	return false
}

// checkAccountStmt refuses, before the chain, account statements blocksql
// does not record: roles, privileges it does not know, and passwords in
// clear (the proxy replaces them by their hash).
func checkAccountStmt(stmt ast.StmtNode) error {
	var specs []*ast.UserSpec
	switch s := stmt.(type) {
	case *ast.CreateUserStmt:
		if s.IsCreateRole {
			return notSupported("roles are not supported; grant privileges to users")
		}
		specs = s.Specs
	case *ast.AlterUserStmt:
		if s.CurrentAuth != nil {
			return notSupported("ALTER USER USER() is not supported; name the user")
		}
		specs = s.Specs
	case *ast.DropUserStmt:
		if s.IsDropRole {
			return notSupported("roles are not supported")
		}
	case *ast.SetPwdStmt:
		if _, _, ok := ParseHash(s.Password); !ok && s.Password != "" {
			return clearPassword()
		}
	case *ast.GrantStmt:
		if _, err := privNames(s.Privs); err != nil {
			return err
		}
		specs = s.Users
	case *ast.RevokeStmt:
		if _, err := privNames(s.Privs); err != nil {
			return err
		}
	}
	for _, sp := range specs {
		if sp.AuthOpt != nil && sp.AuthOpt.ByAuthString && sp.AuthOpt.AuthString != "" {
			return clearPassword()
		}
	}
	return nil
}

func clearPassword() error {
	return drivers.Errorf(ErPasswordNoHash, "HY000",
		"a password in clear text is never put on the chain; send it through the blocksql proxy, which stores its hash")
}

// IsNativeHash reports whether s is a mysql_native_password hash: '*' and
// 40 hex digits.
func IsNativeHash(s string) bool {
	return len(s) == 41 && s[0] == '*' && strings.Trim(strings.ToUpper(s[1:]), "0123456789ABCDEF") == ""
}

// ParseHash splits the password hash an account statement carries: a
// mysql_native_password hash ('*' and 40 hex digits), optionally followed
// by ':' and the caching_sha2_password verifier (64 hex digits of
// SHA256(SHA256(password))). ok is false for anything else, such as a
// password in clear.
func ParseHash(s string) (native, sha2 string, ok bool) {
	native, sha2, _ = strings.Cut(s, ":")
	if !IsNativeHash(native) || !isSha2Verifier(sha2) {
		return "", "", false
	}
	return strings.ToUpper(native), strings.ToLower(sha2), true
}

// isSha2Verifier reports whether s is "" or 64 hex digits.
func isSha2Verifier(s string) bool {
	return s == "" || (len(s) == 64 && strings.Trim(strings.ToLower(s), "0123456789abcdef") == "")
}

// WithGenesisAccounts gives the accounts the chain starts with (its
// genesis). A database at height 0 that has no account yet gets them, as
// administrators (every privilege on *.*, WITH GRANT OPTION), before the
// first block: every node and every replay from genesis starts alike.
func WithGenesisAccounts(accts []consensus.GenesisAccount) Option {
	return func(e *Engine) { e.genesis = accts }
}

// seedAccounts creates the genesis accounts in a new database.
func (e *Engine) seedAccounts(ctx context.Context) error {
	s := e.pub.Load()
	if len(e.genesis) == 0 || e.Height() != 0 || len(s.accounts) > 0 {
		return nil
	}
	dtx, err := e.drv.Begin(ctx)
	if err != nil {
		return err
	}
	defer dtx.Rollback()
	for _, g := range e.genesis {
		if (g.Native != "" && !IsNativeHash(g.Native)) || (g.Sha2 != "" && (g.Native == "" || !isSha2Verifier(g.Sha2))) ||
			g.Name == "" || strings.EqualFold(g.Name, "root") {
			return fmt.Errorf("genesis account %q: a user other than root with a mysql_native_password hash ('*' and 40 hex digits) or none, and an optional caching_sha2_password verifier (64 hex digits)", g.Name)
		}
		acct := &Account{Native: strings.ToUpper(g.Native), Sha2: strings.ToLower(g.Sha2),
			Privs: map[string][]string{globalLevel: append(slices.Clone(Privileges), privGrantOption)}}
		if err := writeAccount(ctx, dtx, e.drv.Internal("accounts"), g.Name, acct); err != nil {
			return fmt.Errorf("genesis account %q: %w", g.Name, err)
		}
		s.accounts[g.Name] = acct
	}
	return dtx.Commit()
}

// loadAccounts reads blocksql.accounts.
func loadAccounts(ctx context.Context, drv drivers.Driver) (map[string]*Account, error) {
	rows, err := drv.QueryInternal(ctx, "SELECT name, def FROM "+drv.Internal("accounts"))
	if err != nil {
		return nil, fmt.Errorf("load accounts: %w", err)
	}
	defer rows.Close()
	out := map[string]*Account{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, fmt.Errorf("load accounts: %w", err)
		}
		a := &Account{}
		if err := json.Unmarshal([]byte(def), a); err != nil {
			return nil, fmt.Errorf("account %q: %w", name, err)
		}
		out[name] = a
	}
	return out, rows.Err()
}

// userName is the account name of a user identity; blocksql accounts are
// per user, whatever the host part says.
func userName(u *auth.UserIdentity) string { return u.Username }

// privNames expands the privileges of a GRANT or REVOKE.
func privNames(privs []*ast.PrivElem) ([]string, error) {
	var out []string
	for _, p := range privs {
		if len(p.Cols) > 0 {
			return nil, notSupported("column privileges are not supported; grant on the table")
		}
		switch p.Priv {
		case mysql.AllPriv:
			out = append(out, Privileges...)
		case mysql.GrantPriv:
			out = append(out, privGrantOption)
		default:
			name := strings.ToUpper(p.Priv.String())
			if p.Priv == mysql.ExtendedPriv {
				name = strings.ToUpper(p.Name)
			}
			if !slices.Contains(Privileges, name) {
				return nil, notSupported("the %s privilege is not supported; blocksql knows %s and GRANT OPTION",
					name, strings.Join(Privileges, ", "))
			}
			out = append(out, name)
		}
	}
	return out, nil
}

// levelKey is the map key of a grant level, with the tx database for a
// level that names none.
func levelKey(l *ast.GrantLevel, db string) (string, error) {
	switch l.Level {
	case ast.GrantLevelGlobal:
		return globalLevel, nil
	case ast.GrantLevelDB:
		if l.DBName != "" {
			db = l.DBName
		}
		if db == "" {
			return "", drivers.Errorf(drivers.ErNoDB, "3D000", "No database selected")
		}
		return strings.ToLower(db) + ".*", nil
	}
	if l.DBName != "" {
		db = l.DBName
	}
	if db == "" {
		return "", drivers.Errorf(drivers.ErNoDB, "3D000", "No database selected")
	}
	return strings.ToLower(db) + "." + strings.ToLower(l.TableName), nil
}
