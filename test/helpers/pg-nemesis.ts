/**
 * The nemesis' hands against a database: a pool of client processes whose killed slots carry on in
 * a spare at once, and strikes — a client SIGKILLed while the server shows its session inside a
 * transaction (frozen first, so the kill provably lands mid-transaction), a random session ended
 * with pg_terminate_backend.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { procState } from './nemesis.js';
import { type Client, type ClientSetup, exited, give, readLog, slotOf, startClient } from './pg-clients.js';
import { adminQuery } from './postgres.js';

export class ClientPool {
  /** Clients with orders, by pid. */
  readonly live = new Map<number, Client>();
  private readonly spares: Client[] = [];
  private generation = 0;
  private closed = false;

  constructor(
    private readonly setup: ClientSetup,
    private readonly slots: number,
    private readonly opsPerSlot: number,
  ) {}

  get started(): number {
    return this.generation;
  }

  /** Starts a client per slot and `spares` spares per host; resolves once every slot's client works. */
  async start(spares: number): Promise<void> {
    for (let n = 0; n < spares; n++) for (const host of ['host-a', 'host-b']) this.spawnSpare(host);
    const first = Array.from({ length: this.slots }, (_, slot) => this.assign(slot, 0));
    await Promise.all(first.map((c) => c?.ready));
  }

  /** A random working client, if any. */
  any(): Client | undefined {
    const all = [...this.live.values()];
    return all[Math.floor(Math.random() * all.length)];
  }

  /** Gives a killed client's slot to a spare of its host, after the operation it was killed in. */
  restart(killed: Client): void {
    const orders = killed.orders;
    if (!orders) return;
    const slot = Number(orders.id.slice(1).split('g')[0]);
    const done = readLog(this.setup.logFile).filter((e) => e.w === orders.id).length;
    this.assign(slot, orders.from + done + 1);
  }

  async killAll(): Promise<void> {
    this.closed = true;
    const all = [...this.live.values(), ...this.spares.splice(0)];
    for (const c of all) c.child.kill('SIGKILL');
    await Promise.all(all.map((c) => exited(c.child)));
  }

  private assign(slot: number, from: number): Client | undefined {
    if (from >= this.opsPerSlot || this.closed) return undefined;
    const { host, lane } = slotOf(slot, this.slots);
    const at = this.spares.findIndex((c) => c.host === host);
    const client = at >= 0 ? (this.spares.splice(at, 1)[0] as Client) : this.spawn(host);
    this.spawnSpare(host);
    this.live.set(client.pid, client);
    client.ready.then(
      () => give(client, { id: `s${slot}g${this.generation++}`, lane, from, to: this.opsPerSlot }),
      () => {},
    );
    return client;
  }

  private spawn(host: string): Client {
    const client = startClient(this.setup, host);
    client.child.on('exit', () => {
      this.live.delete(client.pid);
      const spare = this.spares.indexOf(client);
      if (spare >= 0) this.spares.splice(spare, 1);
    });
    return client;
  }

  private spawnSpare(host: string): void {
    if (!this.closed) this.spares.push(this.spawn(host));
  }
}

interface Session {
  pid: number;
  client_port: number;
  state: string;
  xact_start: string | null;
}

/** The store's sessions on the server (application_name track-manager). */
export async function storeSessions(adminUrl: string): Promise<Session[]> {
  return adminQuery<Session & Record<string, unknown>>(
    adminUrl,
    "SELECT pid, client_port, state, xact_start::text FROM pg_stat_activity WHERE application_name = 'track-manager' AND backend_type = 'client backend'",
  );
}

/** Local TCP ports of a process's sockets, from /proc (the client side of its database connections). */
function portsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const link = (() => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })();
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode) inodes.add(inode);
    }
  } catch {
    return new Set();
  }
  const ports = new Set<number>();
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[9] && inodes.has(fields[9])) ports.add(Number.parseInt(fields[1]?.split(':')[1] ?? '0', 16));
  }
  return ports;
}

async function freeze(client: Client): Promise<boolean> {
  if (!client.child.kill('SIGSTOP')) return false;
  for (let poll = 0; poll < 2000; poll++) {
    const state = procState(client.pid);
    if (state === 'T' || state === 't') return true;
    if (state === null || state === 'Z') return false;
    await sleep(1);
  }
  return false;
}

/**
 * Finds a client whose session is inside a transaction, freezes it, and SIGKILLs it once the
 * server shows that session idle in its transaction (waiting on the frozen client: it can neither
 * commit nor roll back). Returns the client killed, and whether it was provably mid-transaction;
 * null when no client was in a transaction just then.
 */
export async function killMidTransaction(pool: ClientPool, adminUrl: string): Promise<{ client: Client; midTransaction: boolean } | null> {
  const inTx = (await storeSessions(adminUrl)).filter((s) => s.xact_start !== null);
  if (inTx.length === 0) return null;
  const byPort = new Map(inTx.map((s) => [s.client_port, s]));
  const candidates = [...pool.live.values()].filter((c) => [...portsOf(c.pid)].some((p) => byPort.has(p)));
  const client = candidates[Math.floor(Math.random() * candidates.length)];
  if (!client) return null;
  const frozen = await freeze(client);
  let midTransaction = false;
  if (frozen) {
    // The server may still be finishing the statement the client sent last: give it a moment.
    for (let poll = 0; poll < 20 && !midTransaction; poll++) {
      const ports = portsOf(client.pid);
      midTransaction = (await storeSessions(adminUrl)).some((s) => ports.has(s.client_port) && s.state === 'idle in transaction');
      if (!midTransaction) await sleep(10);
    }
  }
  client.child.kill('SIGKILL');
  await exited(client.child);
  return { client, midTransaction };
}

/** Ends one random session of the store (one inside a transaction when there is one); false when there was none. */
export async function terminateRandomSession(adminUrl: string): Promise<{ inTransaction: boolean } | null> {
  const sessions = await storeSessions(adminUrl);
  const inTx = sessions.filter((s) => s.xact_start !== null);
  const from = inTx.length > 0 && Math.random() < 0.8 ? inTx : sessions;
  const victim = from[Math.floor(Math.random() * from.length)];
  if (!victim) return null;
  const [row] = await adminQuery<{ ended: boolean }>(adminUrl, 'SELECT pg_terminate_backend($1) AS ended', [victim.pid]);
  return row?.ended ? { inTransaction: victim.xact_start !== null } : null;
}
