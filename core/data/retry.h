// Retry with exponential backoff and full jitter for SQLITE_BUSY / SQLITE_LOCKED
// (C10, improvement 6): bounded by attempts and by total time.
// Thread-safety: stateless; call from any thread.
#pragma once

#include "../common/error.h"
#include "../db/clock.h"

#include <QRandomGenerator>
#include <thread>

namespace backupdb {

struct RetryPolicy
{
    int maxAttempts = 6;
    Milliseconds initialDelay { 10 };
    Milliseconds maxDelay { 1000 };
    Milliseconds maxTotal { 10000 }; // give up once this much time has passed
};

namespace detail {
inline const DbError &errorOf(const DbError &e)
{
    return e;
}
template<typename T> const DbError &errorOf(const Result<T> &r)
{
    return r.error();
}
} // namespace detail

// Calls f() until it returns something that is not a Busy error, or the budget is spent.
// The final Busy error says how often and how long it tried.
template<typename F> auto withRetry(const RetryPolicy &policy, F &&f) -> decltype(f())
{
    const auto start = std::chrono::steady_clock::now();
    Milliseconds ceiling = policy.initialDelay;
    for (int attempt = 1;; ++attempt) {
        auto outcome = f();
        const DbError &error = detail::errorOf(outcome);
        if (error.kind() != DbError::Kind::Busy)
            return outcome;
        const auto elapsed = std::chrono::duration_cast<Milliseconds>(
                std::chrono::steady_clock::now() - start);
        if (attempt >= policy.maxAttempts || elapsed >= policy.maxTotal) {
            return DbError(
                    DbError::Kind::Busy,
                    QStringLiteral("the database stayed locked by another connection or process "
                                   "(gave up after %1 attempts in %2 ms): %3")
                            .arg(attempt)
                            .arg(elapsed.count())
                            .arg(error.message()),
                    {}, error.nativeCode());
        }
        // Full jitter: a random delay in [0, ceiling], so that competing writers spread out.
        const auto delay
                = Milliseconds(QRandomGenerator::global()->bounded(qint64(ceiling.count()) + 1));
        std::this_thread::sleep_for(std::min(delay, policy.maxTotal - elapsed));
        ceiling = std::min(policy.maxDelay, ceiling * 2);
    }
}

} // namespace backupdb
