package replay

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// account applies an account statement. Its changes go to
// blocksql.accounts inside the transaction's savepoint and to the block's
// working schema, so a failing transaction leaves neither.
func (a *txApply) account(ctx context.Context, stmt ast.StmtNode) (consensus.StmtResult, error) {
	var n int
	var err error
	switch s := stmt.(type) {
	case *ast.CreateUserStmt:
		n, err = a.createUsers(ctx, s)
	case *ast.AlterUserStmt:
		n, err = a.alterUsers(ctx, s)
	case *ast.DropUserStmt:
		n, err = a.dropUsers(ctx, s)
	case *ast.RenameUserStmt:
		n, err = a.renameUsers(ctx, s)
	case *ast.SetPwdStmt:
		n, err = a.setPassword(ctx, s)
	case *ast.GrantStmt:
		n, err = a.grant(ctx, s.Privs, s.Level, s.Users, s.WithGrant, true)
	case *ast.RevokeStmt:
		n, err = a.grant(ctx, s.Privs, s.Level, s.Users, false, false)
	}
	return consensus.StmtResult{RowsAffected: uint64(n)}, err
}

// actor is the account of the transaction's user; nil for an
// administrator (a user without an account).
func (a *txApply) actor() *Account { return a.sch.accounts[a.tx.User] }

// requireAdmin: managing accounts needs no account or global GRANT OPTION.
func (a *txApply) requireAdmin(op string) error {
	if act := a.actor(); act != nil && !slices.Contains(act.Privs[globalLevel], privGrantOption) {
		return drivers.Errorf(ErSpecificAccess, "42000",
			"Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation (%s)", op)
	}
	return nil
}

func cannotUser(op, user string) error {
	return drivers.Errorf(ErCannotUser, "HY000", "Operation %s failed for '%s'@'%%'", op, user)
}

func (a *txApply) createUsers(ctx context.Context, s *ast.CreateUserStmt) (int, error) {
	if err := a.requireAdmin("CREATE USER"); err != nil {
		return 0, err
	}
	for _, sp := range s.Specs {
		name := userName(sp.User)
		if _, ok := a.sch.accounts[name]; ok || strings.EqualFold(name, "root") {
			if s.IfNotExists && !strings.EqualFold(name, "root") {
				continue
			}
			return 0, cannotUser("CREATE USER", name)
		}
		acct := &Account{Privs: map[string][]string{}}
		if sp.AuthOpt != nil {
			acct.Native = hashOf(sp.AuthOpt)
		}
		if err := a.putAccount(ctx, name, acct); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// hashOf is the stored hash an IDENTIFIED clause gives (the proxy turned
// a password in clear into its hash; CheckWrite refuses any other).
func hashOf(o *ast.AuthOption) string {
	if o.ByHashString {
		return strings.ToUpper(o.HashString)
	}
	return ""
}

func (a *txApply) alterUsers(ctx context.Context, s *ast.AlterUserStmt) (int, error) {
	for _, sp := range s.Specs {
		name := userName(sp.User)
		if name != a.tx.User {
			if err := a.requireAdmin("ALTER USER"); err != nil {
				return 0, err
			}
		}
		acct, ok := a.sch.accounts[name]
		if !ok {
			if s.IfExists {
				continue
			}
			return 0, cannotUser("ALTER USER", name)
		}
		if sp.AuthOpt != nil {
			acct = acct.clone()
			acct.Native = hashOf(sp.AuthOpt)
			if err := a.putAccount(ctx, name, acct); err != nil {
				return 0, err
			}
		}
	}
	return 0, nil
}

func (a *txApply) setPassword(ctx context.Context, s *ast.SetPwdStmt) (int, error) {
	name := a.tx.User
	if s.User != nil && !s.User.CurrentUser {
		name = userName(s.User)
	}
	if name != a.tx.User {
		if err := a.requireAdmin("SET PASSWORD"); err != nil {
			return 0, err
		}
	}
	acct, ok := a.sch.accounts[name]
	if !ok {
		return 0, cannotUser("SET PASSWORD", name)
	}
	acct = acct.clone()
	acct.Native = strings.ToUpper(s.Password)
	return 0, a.putAccount(ctx, name, acct)
}

func (a *txApply) dropUsers(ctx context.Context, s *ast.DropUserStmt) (int, error) {
	if err := a.requireAdmin("DROP USER"); err != nil {
		return 0, err
	}
	for _, u := range s.UserList {
		name := userName(u)
		if _, ok := a.sch.accounts[name]; !ok {
			if s.IfExists {
				continue
			}
			return 0, cannotUser("DROP USER", name)
		}
		if err := a.deleteAccount(ctx, name); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

func (a *txApply) renameUsers(ctx context.Context, s *ast.RenameUserStmt) (int, error) {
	if err := a.requireAdmin("RENAME USER"); err != nil {
		return 0, err
	}
	for _, uu := range s.UserToUsers {
		from, to := userName(uu.OldUser), userName(uu.NewUser)
		acct, ok := a.sch.accounts[from]
		if _, taken := a.sch.accounts[to]; !ok || taken || strings.EqualFold(to, "root") {
			return 0, cannotUser("RENAME USER", from)
		}
		if err := a.deleteAccount(ctx, from); err != nil {
			return 0, err
		}
		if err := a.putAccount(ctx, to, acct); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// grant adds (or, with add false, removes) privileges at one level. The
// grantor needs GRANT OPTION and each privilege at that level or above.
func (a *txApply) grant(ctx context.Context, privs []*ast.PrivElem, lvl *ast.GrantLevel, users []*ast.UserSpec,
	withGrant, add bool) (int, error) {
	names, err := privNames(privs)
	if err != nil {
		return 0, err
	}
	if withGrant {
		names = append(names, privGrantOption)
	}
	key, err := levelKey(lvl, a.tx.Database)
	if err != nil {
		return 0, err
	}
	if err := a.mayGrant(key, names); err != nil {
		return 0, err
	}
	for _, u := range users {
		if err := a.changeGrant(ctx, userName(u.User), key, names, add); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

func (a *txApply) mayGrant(key string, names []string) error {
	act := a.actor()
	if act == nil {
		return nil
	}
	db, table, _ := strings.Cut(key, ".")
	for _, p := range append([]string{privGrantOption}, names...) {
		if !holdsAt(act, p, db, table) {
			return drivers.Errorf(ErDBAccessDenied, "42000",
				"Access denied for user '%s'@'%%' to grant %s on %s", a.tx.User, p, key)
		}
	}
	return nil
}

// holdsAt reports whether acct holds priv at a level (db "*" is global,
// table "*" a whole database).
func holdsAt(acct *Account, priv, db, table string) bool {
	if slices.Contains(acct.Privs[globalLevel], priv) {
		return true
	}
	if db == "*" {
		return false
	}
	if slices.Contains(acct.Privs[db+".*"], priv) {
		return true
	}
	return table != "*" && slices.Contains(acct.Privs[db+"."+table], priv)
}

func (a *txApply) changeGrant(ctx context.Context, name, key string, names []string, add bool) error {
	acct, ok := a.sch.accounts[name]
	if !ok {
		return drivers.Errorf(ErNonexistingGrant, "42000",
			"There is no such grant defined for user '%s' on host '%%'; CREATE USER first", name)
	}
	acct = acct.clone()
	cur := acct.Privs[key]
	for _, p := range names {
		has := slices.Contains(cur, p)
		switch {
		case add && !has:
			cur = append(cur, p)
		case !add && has:
			cur = slices.DeleteFunc(cur, func(x string) bool { return x == p })
		}
	}
	slices.Sort(cur)
	if len(cur) == 0 {
		delete(acct.Privs, key)
	} else {
		acct.Privs[key] = cur
	}
	return a.putAccount(ctx, name, acct)
}

func (a *txApply) putAccount(ctx context.Context, name string, acct *Account) error {
	if err := writeAccount(ctx, a.dtx, a.e.drv.Internal("accounts"), name, acct); err != nil {
		return err
	}
	a.sch.accounts[name] = acct
	return nil
}

// writeAccount stores an account in blocksql.accounts (table), replacing
// the user's previous one.
func writeAccount(ctx context.Context, dtx drivers.Tx, table, name string, acct *Account) error {
	def, err := json.Marshal(acct)
	if err != nil {
		return err
	}
	if err := dtx.ExecInternal(ctx, "DELETE FROM "+table+" WHERE name = ?", name); err != nil {
		return err
	}
	return dtx.ExecInternal(ctx, "INSERT INTO "+table+" (name, def) VALUES (?, ?)", name, string(def))
}

func (a *txApply) deleteAccount(ctx context.Context, name string) error {
	if err := a.dtx.ExecInternal(ctx, "DELETE FROM "+a.e.drv.Internal("accounts")+" WHERE name = ?", name); err != nil {
		return err
	}
	delete(a.sch.accounts, name)
	return nil
}

// authorize refuses a write the transaction's user holds no privilege for:
// a failed statement every node records alike (1142, or 1044 for a
// database).
func (a *txApply) authorize(stmt ast.StmtNode, tables []string) error {
	act := a.actor()
	if act == nil {
		return nil
	}
	priv := writePriv(stmt)
	switch s := stmt.(type) {
	case *ast.CreateDatabaseStmt:
		return a.dbAllowed(act, priv, s.Name.O)
	case *ast.DropDatabaseStmt:
		return a.dbAllowed(act, priv, s.Name.O)
	}
	for i, q := range tables {
		db, table := splitQualified(q)
		need := priv
		if i > 0 && (priv == "INSERT" || priv == "UPDATE" || priv == "DELETE") {
			need = "SELECT" // the tables a write reads from
		}
		if !act.Has(need, db, table) {
			return tableDenied(need, a.tx.User, table)
		}
	}
	return nil
}

func (a *txApply) dbAllowed(act *Account, priv, db string) error {
	if holdsAt(act, priv, strings.ToLower(db), "*") {
		return nil
	}
	return drivers.Errorf(ErDBAccessDenied, "42000", "Access denied for user '%s'@'%%' to database '%s'", a.tx.User, db)
}

// writePriv is the privilege a write statement needs on its tables.
func writePriv(stmt ast.StmtNode) string {
	switch s := stmt.(type) {
	case *ast.InsertStmt:
		if s.IsReplace {
			return "DELETE"
		}
		return "INSERT"
	case *ast.UpdateStmt:
		return "UPDATE"
	case *ast.DeleteStmt:
		return "DELETE"
	case *ast.DropTableStmt, *ast.TruncateTableStmt, *ast.DropDatabaseStmt:
		return "DROP"
	case *ast.AlterTableStmt, *ast.RenameTableStmt:
		return "ALTER"
	case *ast.CreateIndexStmt, *ast.DropIndexStmt:
		return "INDEX"
	}
	return "CREATE"
}
