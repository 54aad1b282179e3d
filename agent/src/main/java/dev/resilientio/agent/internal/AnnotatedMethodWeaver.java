package dev.resilientio.agent.internal;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.weaving.AnnotatedMethod;
import dev.resilientio.core.weaving.InlinedAdvice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Puts the call to core's {@link InlinedAdvice} at the start of every method that carries
 * {@code @RetryFileOperation}, {@code @FileLocked}, {@code @AtomicWrite}, {@code @FileCircuitBreaker} or
 * {@code @RecoverFromBackup}:
 *
 * <pre>{@code
 * Object mark = invokedynamic enterFast(this, file);  // InlinedAdvice.enterFast links it, Java 7+ class files
 * if (mark == null) {
 *     Object outcome = InlinedAdvice.enter(Owner.class, "save(Ljava/nio/file/Path;)V", this, new Object[] {file});
 *     if (outcome != null) {
 *         Throwable failure = InlinedAdvice.failure(outcome);
 *         if (failure != null) throw failure;
 *         return (R) InlinedAdvice.result(outcome);
 *     }
 * }
 * try {
 *     // the method's own code: run here once on the fast path (mark != null), or when InlinedAdvice
 *     // calls it once per attempt; before each of its returns: AnnotatedMethod.exitFast(mark); mark = null;
 * } catch (Throwable first) {
 *     if (mark == null) throw first;
 *     return (R) InlinedAdvice.afterFirstFailure(first, Owner.class, "save(...)V", mark, this, new Object[] {file});
 * }
 * }</pre>
 *
 * <p>The fast path is {@code @RetryFileOperation} alone, the call's first attempt run where it is
 * with no array of arguments and no second entry ({@link dev.resilientio.core.weaving.AnnotatedMethod#enterFast(Object, int, Object)}).
 * Its mark and a copy of the arguments, for the attempts after a failure (the body may assign its
 * parameters), live in local variables after the method's own.
 *
 * <p>Written with the ASM that Byte Buddy ships rather than Byte Buddy's {@code Advice}: the
 * agent's start-up cost is the classes it loads, and {@code Advice} with its type model loads about
 * 1,200 of them, seconds before the first annotated class can load, where ASM's reader and writer
 * load about 40. Nothing else of the class changes: no field and no method is added
 * (only constants the prologue uses), so the same code serves classes being retransformed.
 */
final class AnnotatedMethodWeaver {

    private static final String INLINED_ADVICE = Type.getInternalName(InlinedAdvice.class);
    private static final String ANNOTATED_METHOD = Type.getInternalName(AnnotatedMethod.class);
    /** {@link InlinedAdvice#enterFast}, the bootstrap of the fast path's {@code invokedynamic}. */
    private static final Handle ENTER_FAST = new Handle(Opcodes.H_INVOKESTATIC, INLINED_ADVICE, "enterFast",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/String;)"
                    + "Ljava/lang/invoke/CallSite;", false);
    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";
    /** The annotations that get a method woven, by class name. */
    static final Set<String> ANNOTATIONS = Set.of(RetryFileOperation.class.getName(), FileLocked.class.getName(),
            AtomicWrite.class.getName(), FileCircuitBreaker.class.getName(), RecoverFromBackup.class.getName());
    private static final Set<String> DESCRIPTORS = descriptors();

    /**
     * The annotations' type descriptors; a loop, not a stream, as this runs in every application's
     * start-up, where the JDK's first stream and lambda load and generate classes of their own.
     */
    private static Set<String> descriptors() {
        Set<String> descriptors = new HashSet<>();
        for (String name : ANNOTATIONS) {
            descriptors.add("L" + name.replace('.', '/') + ";");
        }
        return Set.copyOf(descriptors);
    }

    private AnnotatedMethodWeaver() {
    }

    /**
     * Weaves a class file.
     *
     * @param classFile the class as it would be loaded
     * @return the woven class file, or {@code null} when no method of it carries the annotations
     */
    static byte[] weave(byte[] classFile) {
        ClassReader reader = OpenedClassReader.of(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        Weaving weaving = new Weaving(writer, maxLocals(reader));
        reader.accept(weaving, ClassReader.EXPAND_FRAMES);
        if (weaving.woven.isEmpty()) {
            return null;
        }
        String className = weaving.owner.replace('/', '.');
        for (String[] method : weaving.woven) {
            InlinedAdvice.instrumented(className, method[0], method[1]);
        }
        return writer.toByteArray();
    }

    /**
     * The local variable slots each method's code uses, by name and descriptor: the fast path's own
     * go after them. A pass of its own, since the weaving pass writes its prologue before it reaches
     * the count at the end of the code; only classes that mention the annotations get here.
     */
    private static Map<String, Integer> maxLocals(ClassReader reader) {
        Map<String, Integer> maxLocals = new HashMap<>();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        maxLocals.put(name + descriptor, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return maxLocals;
    }

    /** The class being woven and the methods it wove, as {name, descriptor}. */
    private static final class Weaving extends ClassVisitor {
        final List<String[]> woven = new ArrayList<>();
        final Map<String, Integer> maxLocals;
        String owner;
        int version;

        Weaving(ClassVisitor next, Map<String, Integer> maxLocals) {
            super(OpenedClassReader.ASM_API, next);
            this.maxLocals = maxLocals;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            if ((version & 0xFFFF) < Opcodes.V1_5) {
                // The prologue names the class with an ldc of a class constant, which needs Java 5 class files.
                throw new IllegalStateException("its class file version " + (version & 0xFFFF) + " is older than"
                        + " Java 5 (49); recompile it with a newer target");
            }
            this.owner = name;
            this.version = version;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            boolean hasBody = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
            // javac copies annotations onto bridge methods, which only call the real method: weaving them
            // would apply the annotations to erased parameter types; ajc and the weaving check skip them too.
            boolean bridge = (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0;
            if (!hasBody || bridge || name.startsWith("<")) {
                return next;
            }
            return new MethodWeaving(next, this, access, name, descriptor);
        }
    }

    /** One method: woven when one of the annotations is seen before its code. */
    private static final class MethodWeaving extends MethodVisitor {
        private final Weaving weaving;
        private final boolean isStatic;
        private final String name;
        private final String descriptor;
        private final Type[] parameters;
        private boolean annotated;
        /** The fast path is woven: an {@code invokedynamic} needs a Java 7 class file, and the slots counted. */
        private boolean fast;
        /** Past the prologue, in the method's own code, whose returns end the fast path's mark. */
        private boolean inBody;
        /** The slots the method's own code uses, the fast path's mark, the copies of {@code this} and the arguments. */
        private int ownLocals;
        private int markSlot;
        private int[] copySlots;
        private Label bodyStart;

        MethodWeaving(MethodVisitor next, Weaving weaving, int access, String name, String descriptor) {
            super(OpenedClassReader.ASM_API, next);
            this.weaving = weaving;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.name = name;
            this.descriptor = descriptor;
            this.parameters = Type.getArgumentTypes(descriptor);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String type, boolean visible) {
            annotated |= DESCRIPTORS.contains(type);
            return super.visitAnnotation(type, visible);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (annotated) {
                Integer locals = weaving.maxLocals.get(name + descriptor);
                fast = (weaving.version & 0xFFFF) >= Opcodes.V1_7 && locals != null;
                if (fast) {
                    enterFast(locals);
                }
                enterThroughAdvice();
                if (fast) {
                    visitLabel(bodyStart);
                    frame(fastLocals(false));
                    // The method's own first frame, if it has one here, must not share this offset.
                    visitInsn(Opcodes.NOP);
                }
                inBody = true;
                weaving.woven.add(new String[] {name, descriptor});
            }
        }

        /** Copies {@code this} and the arguments, asks for the fast path and, given it, jumps to the body. */
        private void enterFast(int locals) {
            ownLocals = locals;
            markSlot = locals;
            copySlots = new int[parameters.length + (isStatic ? 0 : 1)];
            int slot = isStatic ? 0 : 1;
            int copy = markSlot + 1;
            int next = 0;
            if (!isStatic) {
                copySlots[next++] = copy++;
                visitVarInsn(Opcodes.ALOAD, 0);
                visitVarInsn(Opcodes.ASTORE, copySlots[0]);
            }
            for (Type parameter : parameters) {
                copySlots[next++] = copy;
                visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
                visitVarInsn(parameter.getOpcode(Opcodes.ISTORE), copy);
                slot += parameter.getSize();
                copy += parameter.getSize();
            }
            slot = 0;
            if (!isStatic) {
                visitVarInsn(Opcodes.ALOAD, slot++);
            }
            for (Type parameter : parameters) {
                visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
                slot += parameter.getSize();
            }
            String owner = Type.getObjectType(weaving.owner).getDescriptor();
            visitInvokeDynamicInsn("enterFast", "(" + (isStatic ? "" : owner) + descriptor.substring(1,
                    descriptor.indexOf(')')) + ")Ljava/lang/Object;", ENTER_FAST, name + descriptor);
            visitVarInsn(Opcodes.ASTORE, markSlot);
            bodyStart = new Label();
            visitVarInsn(Opcodes.ALOAD, markSlot);
            visitJumpInsn(Opcodes.IFNONNULL, bodyStart);
        }

        private void enterThroughAdvice() {
            Type returned = Type.getReturnType(descriptor);
            Object[] locals = fast ? fastLocals(false) : locals();
            visitLdcInsn(Type.getObjectType(weaving.owner));
            visitLdcInsn(name + descriptor);
            if (isStatic) {
                visitInsn(Opcodes.ACONST_NULL);
            } else {
                visitVarInsn(Opcodes.ALOAD, 0);
            }
            pushArguments(isStatic ? 0 : 1, false);
            visitMethodInsn(Opcodes.INVOKESTATIC, INLINED_ADVICE, "enter",
                    "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false);
            Label body = new Label();
            Label returns = new Label();
            visitInsn(Opcodes.DUP);
            visitJumpInsn(Opcodes.IFNULL, body);
            visitInsn(Opcodes.DUP);
            visitMethodInsn(Opcodes.INVOKESTATIC, INLINED_ADVICE, "failure", "(Ljava/lang/Object;)Ljava/lang/Throwable;",
                    false);
            visitInsn(Opcodes.DUP);
            visitJumpInsn(Opcodes.IFNULL, returns);
            visitInsn(Opcodes.ATHROW);
            visitLabel(returns);
            frame(locals, OBJECT, THROWABLE);
            visitInsn(Opcodes.POP);
            visitMethodInsn(Opcodes.INVOKESTATIC, INLINED_ADVICE, "result", "(Ljava/lang/Object;)Ljava/lang/Object;",
                    false);
            returnAs(returned);
            visitLabel(body);
            frame(locals, OBJECT);
            visitInsn(Opcodes.POP);
        }

        @Override
        public void visitInsn(int opcode) {
            if (inBody && fast && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                // The body returned: on the fast path its call ends here; the mark is cleared so that a
                // failing return (an unbalanced monitor) is not taken for the body's failure.
                super.visitVarInsn(Opcodes.ALOAD, markSlot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, ANNOTATED_METHOD, "exitFast", "(Ljava/lang/Object;)V", false);
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitVarInsn(Opcodes.ASTORE, markSlot);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (!inBody || !fast) {
                super.visitFrame(type, numLocal, local, numStack, stack);
                return;
            }
            // The method's own frames (expanded by the reader), with the fast path's slots after its own.
            List<Object> locals = new ArrayList<>();
            int slots = 0;
            for (int i = 0; i < numLocal; i++) {
                locals.add(local[i]);
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < ownLocals; slots++) {
                locals.add(Opcodes.TOP);
            }
            addFastSlots(locals);
            super.visitFrame(type, locals.size(), locals.toArray(), numStack, stack);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (annotated && fast) {
                catchFirstFailure();
            }
            super.visitMaxs(maxStack, maxLocals);
        }

        /**
         * The handler around the method's own code: on the fast path, the body's failure goes to the
         * attempts that follow; otherwise (the body run by an attempt, or unadvised) it is rethrown.
         */
        private void catchFirstFailure() {
            inBody = false;
            Label bodyEnd = new Label();
            Label handler = new Label();
            Label fastFailure = new Label();
            visitLabel(bodyEnd);
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, THROWABLE);
            Object[] locals = fastLocals(true);
            visitLabel(handler);
            frame(locals, THROWABLE);
            visitVarInsn(Opcodes.ALOAD, markSlot);
            visitJumpInsn(Opcodes.IFNONNULL, fastFailure);
            visitInsn(Opcodes.ATHROW);
            visitLabel(fastFailure);
            frame(locals, THROWABLE);
            visitLdcInsn(Type.getObjectType(weaving.owner));
            visitLdcInsn(name + descriptor);
            visitVarInsn(Opcodes.ALOAD, markSlot);
            if (isStatic) {
                visitInsn(Opcodes.ACONST_NULL);
            } else {
                visitVarInsn(Opcodes.ALOAD, copySlots[0]);
            }
            pushArguments(0, true);
            visitMethodInsn(Opcodes.INVOKESTATIC, INLINED_ADVICE, "afterFirstFailure",
                    "(Ljava/lang/Throwable;Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;"
                            + "[Ljava/lang/Object;)Ljava/lang/Object;", false);
            returnAs(Type.getReturnType(descriptor));
        }

        private void frame(Object[] locals, Object... stack) {
            // Class files before Java 6 carry no stack map frames.
            if ((weaving.version & 0xFFFF) >= Opcodes.V1_6) {
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
            }
        }

        /** The locals at the start: {@code this} and the parameters. */
        private Object[] locals() {
            List<Object> locals = new ArrayList<>();
            if (!isStatic) {
                locals.add(weaving.owner);
            }
            for (Type parameter : parameters) {
                locals.add(frameType(parameter));
            }
            return locals.toArray();
        }

        /**
         * The locals of the fast path: {@code this} and the parameters (or, in the handler, whatever the
         * method's own code left in its slots), then the mark and the copies.
         */
        private Object[] fastLocals(boolean inHandler) {
            List<Object> locals = new ArrayList<>();
            if (inHandler) {
                for (int i = 0; i < ownLocals; i++) {
                    locals.add(Opcodes.TOP);
                }
            } else {
                int slots = 0;
                for (Object local : locals()) {
                    locals.add(local);
                    slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
                }
                for (; slots < ownLocals; slots++) {
                    locals.add(Opcodes.TOP);
                }
            }
            addFastSlots(locals);
            return locals.toArray();
        }

        private void addFastSlots(List<Object> locals) {
            locals.add(OBJECT);
            if (!isStatic) {
                locals.add(weaving.owner);
            }
            for (Type parameter : parameters) {
                locals.add(frameType(parameter));
            }
        }

        /** An array of the arguments, from the parameters' slots or from their copies. */
        private void pushArguments(int firstSlot, boolean copies) {
            pushInt(parameters.length);
            visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
            int slot = firstSlot;
            for (int i = 0; i < parameters.length; i++) {
                Type parameter = parameters[i];
                visitInsn(Opcodes.DUP);
                pushInt(i);
                visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), copies ? copySlots[i + (isStatic ? 0 : 1)] : slot);
                box(parameter);
                visitInsn(Opcodes.AASTORE);
                slot += parameter.getSize();
            }
        }

        private void pushInt(int value) {
            if (value <= 5) {
                visitInsn(Opcodes.ICONST_0 + value);
            } else if (value <= Byte.MAX_VALUE) {
                visitIntInsn(Opcodes.BIPUSH, value);
            } else {
                visitIntInsn(Opcodes.SIPUSH, value);
            }
        }

        private void box(Type type) {
            Type boxed = boxed(type);
            if (boxed != null) {
                visitMethodInsn(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
                        Type.getMethodDescriptor(boxed, type), false);
            }
        }

        private void returnAs(Type type) {
            if (type.getSort() == Type.VOID) {
                visitInsn(Opcodes.POP);
                visitInsn(Opcodes.RETURN);
                return;
            }
            Type boxed = boxed(type);
            if (boxed != null) {
                visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
                visitMethodInsn(Opcodes.INVOKEVIRTUAL, boxed.getInternalName(), type.getClassName() + "Value",
                        Type.getMethodDescriptor(type), false);
            } else if (!type.getInternalName().equals(OBJECT)) {
                visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
            }
            visitInsn(type.getOpcode(Opcodes.IRETURN));
        }

        private static Type boxed(Type type) {
            switch (type.getSort()) {
                case Type.BOOLEAN: return Type.getType(Boolean.class);
                case Type.CHAR: return Type.getType(Character.class);
                case Type.BYTE: return Type.getType(Byte.class);
                case Type.SHORT: return Type.getType(Short.class);
                case Type.INT: return Type.getType(Integer.class);
                case Type.FLOAT: return Type.getType(Float.class);
                case Type.LONG: return Type.getType(Long.class);
                case Type.DOUBLE: return Type.getType(Double.class);
                default: return null;
            }
        }

        private static Object frameType(Type type) {
            switch (type.getSort()) {
                case Type.BOOLEAN:
                case Type.CHAR:
                case Type.BYTE:
                case Type.SHORT:
                case Type.INT:
                    return Opcodes.INTEGER;
                case Type.FLOAT: return Opcodes.FLOAT;
                case Type.LONG: return Opcodes.LONG;
                case Type.DOUBLE: return Opcodes.DOUBLE;
                default: return type.getInternalName();
            }
        }
    }
}
