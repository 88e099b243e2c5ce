//! `fangtan`: see `fangtan --help`. Everything lives in the library; this only sets the exit
//! code, and turns running out of memory into a one-line error instead of an abort.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, but a request it cannot meet ends the process with a message.
struct Guarded;

unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        checked(unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        checked(unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        checked(unsafe { System.realloc(ptr, layout, new_size) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Guarded = Guarded;

fn checked(ptr: *mut u8) -> *mut u8 {
    if ptr.is_null() {
        // Nothing may be allocated here: a fixed message, straight to the unbuffered stderr,
        // once (the backends run in parallel and may all run out).
        use std::io::Write;
        use std::sync::atomic::{AtomicBool, Ordering};
        static SAID: AtomicBool = AtomicBool::new(false);
        if SAID.swap(true, Ordering::SeqCst) {
            loop {
                std::thread::park();
            }
        }
        let _ = std::io::stderr().write_all(
            b"fangtan: error: out of memory: the input needs more memory than this process may use\n",
        );
        // What this build staged goes: nothing was replaced.
        fangtan::cli::remove_staged_on_abort();
        std::process::exit(3);
    }
    ptr
}

fn main() {
    std::process::exit(fangtan::cli::main());
}
