// clang 14 with libstdc++ 12 lacks std::source_location (it needs clang 15's
// __builtin_source_location). The fuzz build force-includes this header (-include) so that the
// core compiles with clang 14; with a compiler that has it, it only includes <source_location>.
#pragma once

#include <source_location>

#if !defined(__cpp_lib_source_location)
namespace std {
struct source_location
{
    static constexpr source_location current(const char *file = __builtin_FILE(),
                                             const char *function = __builtin_FUNCTION(),
                                             unsigned line = __builtin_LINE()) noexcept
    {
        source_location s;
        s.m_file = file;
        s.m_function = function;
        s.m_line = line;
        return s;
    }
    constexpr source_location() noexcept = default;
    constexpr unsigned line() const noexcept { return m_line; }
    constexpr unsigned column() const noexcept { return 0; }
    constexpr const char *file_name() const noexcept { return m_file; }
    constexpr const char *function_name() const noexcept { return m_function; }

private:
    const char *m_file = "";
    const char *m_function = "";
    unsigned m_line = 0;
};
} // namespace std
#endif
