using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// A command's transfers, started in input order and running concurrently, whose outcomes are handed back in
    /// that same order on the thread that asks (a cmdlet's pipeline thread, the only one that may write them), as
    /// soon as each one and all before it are done.
    /// </summary>
    /// <typeparam name="TInput">What the command knows of each transfer (what it was asked, what its errors name).</typeparam>
    internal sealed class InputOrderQueue<TInput, TResult>
    {
        private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan StopGracePeriod = TimeSpan.FromMilliseconds(500);

        private readonly Queue<(TInput Input, Task<TResult> Task)> _pending = new Queue<(TInput, Task<TResult>)>();
        private readonly int _room;

        /// <param name="room">How many started transfers may wait behind an unfinished one before <see cref="WriteFinished"/> waits for it.</param>
        public InputOrderQueue(int room)
        {
            _room = room;
        }

        public void Add(TInput input, Task<TResult> task) => _pending.Enqueue((input, task));

        /// <summary>
        /// Hands the outcomes at the head of the queue to <paramref name="write"/>, in input order: all of them, or
        /// what is done while the queue has room. While it waits, <paramref name="whileWaiting"/> runs every 100 ms
        /// (messages, progress). A cancelled command hears nothing more: the transfers are given a moment to unwind,
        /// so none outlives the command.
        /// </summary>
        public void WriteFinished(bool waitForAll, Action<TInput, Task<TResult>> write, Action whileWaiting, CancellationToken cancellationToken)
        {
            while (_pending.Count > 0)
            {
                var head = _pending.Peek();
                if (!head.Task.IsCompleted)
                {
                    if (!waitForAll && _pending.Count < _room)
                    {
                        break;
                    }

                    ((IAsyncResult)head.Task).AsyncWaitHandle.WaitOne(WaitSlice);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        WaitForTransfersToStop();
                        return;
                    }

                    whileWaiting();
                    continue;
                }

                _pending.Dequeue();
                write(head.Input, head.Task);
            }

            whileWaiting();
        }

        private void WaitForTransfersToStop()
        {
            try
            {
                Task.WaitAll(_pending.Select(p => (Task)p.Task).ToArray(), StopGracePeriod);
            }
            catch (AggregateException)
            {
                // Cancelled and failed transfers are expected here; nothing is reported after a stop.
            }
        }
    }
}
