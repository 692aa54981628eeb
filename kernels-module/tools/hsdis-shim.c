/*
 * Lets JDK 25's -XX:+PrintAssembly use Debian's hsdis (package libhsdis0-fcml), which only exports the
 * pre-JDK-13 entry point decode_instructions; HotSpot now calls decode_instructions_virtual. HotSpot passes
 * the code it prints as `buffer` (start_va is its address), so the old entry point can decode it in place.
 * Build and use (see the module README, "Reading C2's code"):
 *   apt-get install libhsdis0-fcml
 *   gcc -shared -fPIC -O2 -o /tmp/hsdis/hsdis-amd64.so kernels-module/tools/hsdis-shim.c -ldl
 *   LD_LIBRARY_PATH=/tmp/hsdis java -XX:+UnlockDiagnosticVMOptions \
 *       -XX:CompileCommand=print,io.github.distilbertj.kernels.GemmKernel::kernel ...
 */
#include <dlfcn.h>
#include <stdint.h>

typedef void *(*event_callback)(void *, const char *, void *);
typedef int (*printf_callback)(void *, const char *, ...);
typedef void *(*decode_fn)(void *, void *, event_callback, void *, printf_callback, void *, const char *);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_callback event, void *event_stream, printf_callback printf_fn,
                                  void *printf_stream, const char *options, int newline) {
    static decode_fn decode = 0;
    (void) start_va;
    (void) end_va;
    (void) newline;
    if (decode == 0) {
        void *lib = dlopen("libhsdis.so.0", RTLD_NOW);
        if (lib == 0) {
            return 0;
        }
        decode = (decode_fn) dlsym(lib, "decode_instructions");
        if (decode == 0) {
            return 0;
        }
    }
    return decode(buffer, buffer + length, event, event_stream, printf_fn, printf_stream, options);
}
