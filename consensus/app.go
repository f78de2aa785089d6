package consensus

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// ABCI result codes. Anything but CodeOK keeps a transaction out of the
// mempool (CheckTx) or marks it as not applied (FinalizeBlock).
const (
	CodeOK           uint32 = 0
	CodeMalformed    uint32 = 1 // the bytes are not a transaction
	CodeBadSignature uint32 = 2
	CodeUnauthorized uint32 = 3 // the submitting node is not in authorized_nodes
	CodeRejected     uint32 = 4 // Applier.Check refused it
	CodeNotApplied   uint32 = 5 // in a block, but the Applier returned no result
	CodeHalted       uint32 = 6 // this node stopped after a failed block
)

// Sentinel errors.
var (
	ErrUnauthorized = errors.New("submitting node is not authorized")
	ErrHalted       = errors.New("node halted after a failed block")
)

// GenesisAppState is the app_state section of genesis.json.
type GenesisAppState struct {
	// AuthorizedNodes are hex ed25519 public keys of the nodes allowed to
	// submit transactions.
	AuthorizedNodes []string `json:"authorized_nodes"`
	// Dialect is the chain's SQL dialect: "postgres", or empty for mysql
	// (omitted so a MySQL chain's genesis is unchanged).
	Dialect string `json:"dialect,omitempty"`
	// Accounts are the chain's first accounts (administrators: every
	// privilege, WITH GRANT OPTION), as the apply engine creates them
	// before the first block. Only password hashes are stored.
	Accounts []GenesisAccount `json:"accounts,omitempty"`
}

// GenesisAccount is an account the chain starts with.
type GenesisAccount struct {
	Name string `json:"name"`
	// Native is the mysql_native_password hash ('*' and 40 hex digits),
	// "" for no password.
	Native string `json:"native"`
	// Sha2 is the caching_sha2_password verifier (64 hex digits of
	// SHA256(SHA256(password))), "" when only Native is known.
	Sha2 string `json:"sha2,omitempty"`
}

// App is the ABCI application CometBFT drives. It checks transactions,
// hands each decided block to the Applier and answers the Submit calls
// waiting for the block's transactions (see commit.go).
type App struct {
	abcitypes.BaseApplication

	applier Applier
	stager  Stager // applier, if it stages blocks; nil otherwise
	log     *slog.Logger
	waiters *waiters
	checked *txSet   // passed CheckTx here, so ProcessProposal can skip them
	local   localTxs // being submitted by this process: no signature to verify, nothing to decode

	authMu     sync.RWMutex
	authorized map[string]*voi.ExpandedPublicKey // by raw ed25519 public key
	// members is the membership after the last finalized block (nil
	// until SetMembership): membership changes are checked against it.
	members *Membership

	sync *syncState // see commit.go

	gather   *gatherer // set by NewNode; see gather.go
	lastSize int       // transactions in the last decided block

	// optimistic is the block ProcessProposal started staging while
	// consensus votes on it (nil if none); FinalizeBlock takes it.
	optimistic *optimisticBlock

	height int64 // of the block being finalized
	// finalized is the height of the last block finalized, for checks
	// off the consensus goroutine (CheckTx).
	finalized atomic.Int64

	// timing of the block being finalized, for the debug log
	finalizeStart, applied time.Time
	lastCommit             time.Time
	blockTxs               int
	processed              time.Time     // last ProcessProposal
	gathered               int           // transactions PrepareProposal was given
	gatherWait             time.Duration // how long it waited for more

	// byzantine, set only by this package's tests, makes this node a
	// faulty one: CheckTx and ProcessProposal accept any bytes, so its
	// mempool gossips, and its proposals carry, whatever it is handed.
	// No configuration or exported API can set it.
	byzantine bool

	lastMu  sync.Mutex
	last    lastBlock        // for the divergence report (divergence.go)
	onBlock func(BlockStats) // see OnBlock

	haltOnce sync.Once
	halted   chan struct{}
	haltErr  error
}

var _ abcitypes.Application = (*App)(nil)

// NewApp returns an application that applies committed blocks with applier.
func NewApp(applier Applier, logger *slog.Logger) *App {
	if logger == nil {
		logger = slog.Default()
	}
	return &App{
		applier:    applier,
		stager:     asStager(applier),
		log:        logger,
		waiters:    newWaiters(),
		checked:    newTxSet(maxCheckedTxs),
		authorized: map[string]*voi.ExpandedPublicKey{},
		halted:     make(chan struct{}),
		sync:       newSyncState(),
	}
}

// Halted is closed when the node stopped applying blocks; Err says why.
// A halted node must not serve reads: its data may differ from the chain.
func (a *App) Halted() <-chan struct{} { return a.halted }

// Err returns the error that halted the node, or nil.
func (a *App) Err() error {
	select {
	case <-a.halted:
		return a.haltErr
	default:
		return nil
	}
}

// SetAppState loads the genesis app_state (the authorized nodes). The node
// calls it at start, since InitChain only runs on an empty chain.
func (a *App) SetAppState(raw []byte) error {
	st, err := ParseAppState(raw)
	if err != nil {
		return err
	}
	auth := make(map[string]*voi.ExpandedPublicKey, len(st.AuthorizedNodes))
	for _, h := range st.AuthorizedNodes {
		key, err := hex.DecodeString(h)
		var x *voi.ExpandedPublicKey
		if err == nil && len(key) == voi.PublicKeySize {
			x, err = voi.NewExpandedPublicKey(key)
		}
		if err != nil || x == nil {
			return fmt.Errorf("genesis app_state: authorized node %q is not a hex ed25519 public key", h)
		}
		auth[string(key)] = x
	}
	a.authMu.Lock()
	a.authorized = auth
	a.authMu.Unlock()
	return nil
}

// MembershipSource is implemented by appliers that keep the network's
// membership as chain state, in the local database: what NewNode starts
// from, so a restarted node knows the changes of the blocks it applied.
type MembershipSource interface {
	// Membership is the membership after the last applied block, or nil
	// when the applier was not given the genesis one.
	Membership() *Membership
}

// SetMembership makes m the membership membership changes are checked
// against, and its nodes the ones allowed to submit.
func (a *App) SetMembership(m *Membership) {
	auth := make(map[string]*voi.ExpandedPublicKey)
	for _, k := range m.Nodes() {
		if x, err := voi.NewExpandedPublicKey(k); err == nil {
			auth[string(k)] = x
		}
	}
	a.authMu.Lock()
	a.members, a.authorized = m, auth
	a.authMu.Unlock()
}

// Membership is the membership after the last finalized block, or nil.
func (a *App) Membership() *Membership {
	a.authMu.RLock()
	defer a.authMu.RUnlock()
	return a.members
}

// authorizedKey returns the expanded key of an authorized node, or nil.
func (a *App) authorizedKey(node []byte) *voi.ExpandedPublicKey {
	a.authMu.RLock()
	defer a.authMu.RUnlock()
	return a.authorized[string(node)]
}

// verifyOpts match crypto/ed25519, which Tx.Verify uses: every node must
// accept exactly the same signatures.
var verifyOpts = &voi.Options{Verify: voi.VerifyOptionsStdLib}

// Info tells CometBFT what the local database holds, so the handshake
// replays the blocks it lacks.
func (a *App) Info(ctx context.Context, _ *abcitypes.InfoRequest) (*abcitypes.InfoResponse, error) {
	h, hash, err := a.applier.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("read applied height: %w", err)
	}
	return &abcitypes.InfoResponse{Data: "blocksql", LastBlockHeight: h, LastBlockAppHash: hash}, nil
}

// InitChain reads app_state on a new chain (NewNode has already set the
// membership from the same genesis).
func (a *App) InitChain(_ context.Context, req *abcitypes.InitChainRequest) (*abcitypes.InitChainResponse, error) {
	if a.Membership() != nil {
		_, err := ParseAppState(req.AppStateBytes)
		return &abcitypes.InitChainResponse{}, err
	}
	if err := a.SetAppState(req.AppStateBytes); err != nil {
		return nil, err
	}
	return &abcitypes.InitChainResponse{}, nil
}

// CheckTx admits a transaction to the mempool. It is stateless, so it runs
// concurrently on the submitters' goroutines.
func (a *App) CheckTx(_ context.Context, req *abcitypes.CheckTxRequest) (*abcitypes.CheckTxResponse, error) {
	if err := a.Err(); err != nil {
		return &abcitypes.CheckTxResponse{Code: CodeHalted, Log: err.Error()}, nil
	}
	var h [32]byte
	var code uint32
	var err error
	if l, ok := a.local.get(req.Tx); ok {
		h = l.hash
		code, err = a.validateTx(l.tx, true, true)
	} else {
		h = Hash(req.Tx)
		code, err = a.validate(req.Tx, false, true)
	}
	if err != nil && !a.byzantine {
		return &abcitypes.CheckTxResponse{Code: code, Log: err.Error()}, nil
	}
	a.checked.add(h)
	a.gather.arrived()
	return &abcitypes.CheckTxResponse{Code: CodeOK}, nil
}

// validate runs every check a transaction must pass to enter a block.
// signedHere skips verifying a signature this process just made. A
// membership change is checked against the current membership only when
// stateful (CheckTx): one a change before it made stale is refused by the
// apply engine, not by ProcessProposal, so that a stale change in a
// proposer's mempool cannot stall the chain.
func (a *App) validate(b []byte, signedHere, stateful bool) (uint32, error) {
	tx, err := UnmarshalTx(b)
	if err != nil {
		return CodeMalformed, err
	}
	return a.validateTx(tx, signedHere, stateful)
}

// validateTx is validate for a decoded transaction.
func (a *App) validateTx(tx *Tx, signedHere, stateful bool) (uint32, error) {
	if tx.Membership != nil {
		return a.validateMembership(tx.Membership, stateful)
	}
	key := a.authorizedKey(tx.Node)
	if key == nil {
		return CodeUnauthorized, fmt.Errorf("%w: %x is not an authorized node (genesis authorized_nodes and membership changes)", ErrUnauthorized, tx.Node)
	}
	// The key expanded once per node makes verifying a third faster.
	if !signedHere && !voi.VerifyExpandedWithOptions(key, tx.signedMessage(), tx.Signature, verifyOpts) {
		return CodeBadSignature, ErrBadSignature
	}
	if err := a.applier.Check(tx); err != nil {
		return CodeRejected, fmt.Errorf("rejected: %w", err)
	}
	return CodeOK, nil
}

// proposalSoftBytes: a proposal takes transactions, in mempool order, up
// to this size; a larger transaction goes alone in its block. Every block
// part costs the proposer an fsync (see LANTimeoutProposeDelta), so a
// block never combines several large writes into one that takes longer
// to propose; the transactions left wait for the next block.
const proposalSoftBytes = 4 << 20

// PrepareProposal keeps the mempool's transactions (they passed CheckTx)
// within the block's byte budget and proposalSoftBytes.
func (a *App) PrepareProposal(_ context.Context, req *abcitypes.PrepareProposalRequest) (*abcitypes.PrepareProposalResponse, error) {
	start := time.Now()
	in := a.gather.gather(req.Txs, a.lastSize, req.MaxTxBytes)
	a.gathered, a.gatherWait = len(req.Txs), time.Since(start)
	txs := make([][]byte, 0, len(in))
	var total int64
	for _, tx := range in {
		total += int64(len(tx))
		if req.MaxTxBytes > 0 && total > req.MaxTxBytes || len(txs) > 0 && total > proposalSoftBytes {
			break
		}
		txs = append(txs, tx)
	}
	return &abcitypes.PrepareProposalResponse{Txs: txs}, nil
}

// ProcessProposal rejects a block holding any transaction CheckTx would
// refuse; transactions this node already checked are not checked twice.
func (a *App) ProcessProposal(_ context.Context, req *abcitypes.ProcessProposalRequest) (*abcitypes.ProcessProposalResponse, error) {
	hashes := hashTxs(req.Txs)
	for i, tx := range req.Txs {
		if a.checked.has(hashes[i]) {
			continue
		}
		if _, err := a.validate(tx, false, false); err != nil && !a.byzantine {
			a.log.Warn("rejecting proposal", "height", req.Height, "tx_index", i, "err", err)
			return &abcitypes.ProcessProposalResponse{Status: abcitypes.PROCESS_PROPOSAL_STATUS_REJECT}, nil
		}
	}
	a.processed = time.Now()
	a.startOptimistic(Block{Height: req.Height, Time: req.Time, Hash: req.Hash, Proposer: req.ProposerAddress, Txs: req.Txs,
		TxHashes: hashes})
	return &abcitypes.ProcessProposalResponse{Status: abcitypes.PROCESS_PROPOSAL_STATUS_ACCEPT}, nil
}

// FinalizeBlock applies the block. An Applier error halts the node: going
// on would serve data that differs from the chain.
func (a *App) FinalizeBlock(ctx context.Context, req *abcitypes.FinalizeBlockRequest) (*abcitypes.FinalizeBlockResponse, error) {
	// The previous block's commit must have succeeded (see commit.go).
	a.sync.waitCommitting()
	if err := a.Err(); err != nil {
		return nil, err
	}
	a.finalizeStart, a.blockTxs, a.lastSize = time.Now(), len(req.Txs), len(req.Txs)
	b := Block{Height: req.Height, Time: req.Time, Hash: req.Hash, Proposer: req.ProposerAddress, Txs: req.Txs}
	results, hashes, appHash, err := a.takeOptimistic(ctx, req.Hash)
	if len(hashes) != len(req.Txs) {
		hashes = hashTxs(req.Txs)
	}
	b.TxHashes = hashes
	if results == nil && err == nil {
		apply := a.applier.ApplyBlock
		if a.stager != nil {
			apply = a.stager.StageBlock
		}
		results, appHash, err = apply(ctx, b)
	}
	if err == nil && len(results) != len(req.Txs) {
		err = fmt.Errorf("applier returned %d results for %d transactions", len(results), len(req.Txs))
	}
	if err != nil {
		return nil, a.halt(fmt.Errorf("apply block %d: %w", req.Height, err))
	}
	a.applied = time.Now()
	a.height = req.Height
	a.finalized.Store(req.Height)
	a.lastMu.Lock()
	a.last = lastBlock{height: req.Height, txs: req.Txs, results: results}
	a.lastMu.Unlock()
	updates := a.applyMembership(req.Height, results)
	a.sync.finalize(req.Height)
	if a.stager == nil {
		a.sync.commit(req.Height) // ApplyBlock committed
	}
	return &abcitypes.FinalizeBlockResponse{TxResults: a.execResults(hashes, results), AppHash: appHash,
		ValidatorUpdates: updates}, nil
}

// execResults builds the per-transaction results CometBFT stores and
// answers the Submit calls waiting for them (see commit.go).
func (a *App) execResults(hashes [][32]byte, results []*TxResult) []*abcitypes.ExecTxResult {
	out := make([]*abcitypes.ExecTxResult, len(hashes))
	for i, h := range hashes {
		a.checked.remove(h)
		a.waiters.fire(h, results[i])
		if results[i] == nil {
			out[i] = &abcitypes.ExecTxResult{Code: CodeNotApplied, Log: "transaction not applied"}
			continue
		}
		out[i] = &abcitypes.ExecTxResult{Code: CodeOK, Data: deterministicData(results[i])}
	}
	return out
}

// deterministicData encodes the part of a result every node agrees on:
// CometBFT hashes Data into the next header's LastResultsHash, and error
// messages may be worded differently per backend.
func deterministicData(r *TxResult) []byte {
	c := TxResult{Height: r.Height, Failed: r.Failed, Statements: make([]StmtResult, len(r.Statements))}
	for i, s := range r.Statements {
		c.Statements[i] = StmtResult{Code: s.Code, RowsAffected: s.RowsAffected, RowsMatched: s.RowsMatched, LastInsertID: s.LastInsertID}
	}
	return c.Marshal()
}

// Commit makes the block applied in FinalizeBlock durable. A Stager's
// local transaction stays open until now, after CometBFT has stored the
// block's results, and is committed in the background (see commit.go).
func (a *App) Commit(context.Context, *abcitypes.CommitRequest) (*abcitypes.CommitResponse, error) {
	now := time.Now()
	t := blockTiming{height: a.height, txs: a.blockTxs, gathered: a.gathered, lastCommit: a.lastCommit, processed: a.processed,
		finalizeStart: a.finalizeStart, applied: a.applied, commits: now, gatherWait: a.gatherWait}
	if !a.lastCommit.IsZero() {
		a.gather.observe(now.Sub(a.lastCommit))
	}
	a.lastCommit = now
	if a.stager != nil {
		a.commitAsync(a.height, t)
	} else {
		a.blockDone(t, now)
	}
	return &abcitypes.CommitResponse{}, nil
}

func (a *App) halt(err error) error {
	a.haltOnce.Do(func() {
		a.haltErr = fmt.Errorf("%w: %w", ErrHalted, err)
		a.log.Error("NODE HALTED: this node stopped applying blocks and will not serve data that may differ from the chain", "err", err)
		close(a.halted)
	})
	return a.haltErr
}

// logBlockTiming logs, at debug level, how long a block took to apply and
// commit locally and how long consensus ran since the previous Commit.
func (a *App) logBlockTiming(t blockTiming, committed time.Time) {
	if a.log.Enabled(context.Background(), slog.LevelDebug) && !t.lastCommit.IsZero() {
		a.log.Debug("block committed", "txs", t.txs,
			"consensus_ms", millis(t.finalizeStart.Sub(t.lastCommit)),
			"proposed_ms", millis(t.processed.Sub(t.lastCommit)), "gather_ms", millis(t.gatherWait), "reaped", t.gathered,
			"apply_ms", millis(t.applied.Sub(t.finalizeStart)),
			"abci_commit_ms", millis(t.commits.Sub(t.applied)),
			"local_commit_ms", millis(committed.Sub(t.commits)))
	}
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func asStager(a Applier) Stager {
	st, _ := a.(Stager)
	return st
}

// validateMembership checks a membership change before it enters the
// mempool (stateful) or a block.
func (a *App) validateMembership(c *MembershipChange, stateful bool) (uint32, error) {
	if !stateful {
		// Whoever signed, every signature must be one: a faulty proposer
		// cannot fill blocks with changes nobody signed.
		if err := c.verifySignatures(); err != nil {
			return CodeBadSignature, err
		}
		return CodeOK, nil
	}
	m := a.Membership()
	if m == nil {
		return CodeRejected, fmt.Errorf("%w: this node does not know the network's membership", ErrMembership)
	}
	// the next block is the earliest that can hold it
	if err := m.Check(c, a.finalized.Load()+1); err != nil {
		return CodeRejected, err
	}
	return CodeOK, nil
}

// applyMembership follows the membership changes the applier accepted in
// a block and returns the validator updates CometBFT applies two heights
// later: one per validator whose power the block changed, net of the
// block's changes (CometBFT refuses two updates of one validator).
func (a *App) applyMembership(height int64, results []*TxResult) []abcitypes.ValidatorUpdate {
	before := a.Membership()
	if before == nil {
		return nil
	}
	after := before
	var touched [][]byte
	for _, r := range results {
		if r == nil || r.Membership == nil {
			continue
		}
		after = after.with(*r.Membership)
		for _, v := range r.Membership.Validators {
			touched = append(touched, v.Key)
		}
	}
	if after == before {
		return nil
	}
	a.SetMembership(after)
	var out []abcitypes.ValidatorUpdate
	done := map[string]bool{}
	for _, k := range touched {
		if p := after.Power(k); !done[string(k)] && p != before.Power(k) {
			done[string(k)] = true
			out = append(out, abcitypes.ValidatorUpdate{PubKeyType: cmted25519.KeyType, PubKeyBytes: k, Power: p})
		}
	}
	a.log.Info("membership changed", "height", height, "validators", len(after.vals), "voting_power", after.totalPower(),
		"authorized_nodes", len(after.nodes))
	return out
}
