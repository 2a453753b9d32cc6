import { type Transferable, Worker, type WorkerOptions } from 'node:worker_threads';

import { workerLimits } from './worker-limits.js';

/**
 * A worker thread spoken to one message at a time: every question gets one answer, answers come
 * in the order asked, and once the thread has failed or stopped every question fails at once
 * instead of waiting forever.
 */
export class WorkerConversation<Question, Answer> {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Settles with the exit code once the thread is gone. */
  readonly exited: Promise<number>;

  /**
   * `name` says what stopped in the errors ("The import writer"); `heapMb` caps the thread's old
   * generation (see workerLimits).
   */
  constructor(url: URL, workerData: unknown, name: string, heapMb?: number) {
    this.worker = new Worker(url, {
      workerData,
      resourceLimits: workerLimits(heapMb),
    } satisfies WorkerOptions);
    this.worker.on('error', (error: Error) => (this.failure ??= error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code: number) => {
        this.failure ??= new Error(`${name} stopped with code ${code}.`);
        resolve(code);
      }),
    );
  }

  /**
   * The answer to `question`, after the answers to every earlier one; what `transfer` lists moves
   * to the thread instead of being copied (and is unusable here once asked).
   */
  ask(question: Question, transfer: Transferable[] = []): Promise<Answer> {
    const answer = this.queue.then(() => this.askNow(question, transfer));
    // A failure is the caller's to handle when it awaits; the queue just moves on.
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /** Sends a last message that gets no answer (the thread then ends by itself). */
  tell(message: unknown): void {
    this.worker.postMessage(message);
  }

  /** Stops the thread at once, also in the middle of an answer. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private askNow(question: Question, transfer: Transferable[]): Promise<Answer> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const stop = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onEnd);
        this.worker.off('exit', onEnd);
      };
      const onMessage = (answer: Answer) => {
        stop();
        resolve(answer);
      };
      // The constructor's listeners ran first, so `failure` says what happened.
      const onEnd = () => {
        stop();
        reject(this.failure ?? new Error('The thread stopped.'));
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onEnd);
      this.worker.on('exit', onEnd);
      this.worker.postMessage(question, transfer);
    });
  }
}
