package dev.resilientio.agent.internal;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.weaving.InlinedAdvice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
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
 * Object outcome = InlinedAdvice.enter(Owner.class, "save(Ljava/nio/file/Path;)V", this, new Object[] {file});
 * if (outcome != null) {
 *     Throwable failure = InlinedAdvice.failure(outcome);
 *     if (failure != null) throw failure;
 *     return (R) InlinedAdvice.result(outcome);
 * }
 * // the method's own code, run when InlinedAdvice calls it once per attempt
 * }</pre>
 *
 * <p>Written with the ASM that Byte Buddy ships rather than Byte Buddy's {@code Advice}: the
 * agent's start-up cost is the classes it loads, and {@code Advice} with its type model loads about
 * 1,200 of them, seconds before the first annotated class can load, where ASM's reader and writer
 * load about 40. Nothing else of the class changes: no field and no method is added
 * (only constants the prologue uses), so the same code serves classes being retransformed.
 */
final class AnnotatedMethodWeaver {

    private static final String INLINED_ADVICE = Type.getInternalName(InlinedAdvice.class);
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
        Weaving weaving = new Weaving(writer);
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

    /** The class being woven and the methods it wove, as {name, descriptor}. */
    private static final class Weaving extends ClassVisitor {
        final List<String[]> woven = new ArrayList<>();
        String owner;
        int version;

        Weaving(ClassVisitor next) {
            super(OpenedClassReader.ASM_API, next);
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
        private boolean annotated;

        MethodWeaving(MethodVisitor next, Weaving weaving, int access, String name, String descriptor) {
            super(OpenedClassReader.ASM_API, next);
            this.weaving = weaving;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.name = name;
            this.descriptor = descriptor;
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
                enterThroughAdvice();
                weaving.woven.add(new String[] {name, descriptor});
            }
        }

        private void enterThroughAdvice() {
            Type[] parameters = Type.getArgumentTypes(descriptor);
            Type returned = Type.getReturnType(descriptor);
            Object[] locals = locals(parameters);
            visitLdcInsn(Type.getObjectType(weaving.owner));
            visitLdcInsn(name + descriptor);
            if (isStatic) {
                visitInsn(Opcodes.ACONST_NULL);
            } else {
                visitVarInsn(Opcodes.ALOAD, 0);
            }
            pushArguments(parameters);
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

        private void frame(Object[] locals, Object... stack) {
            // Class files before Java 6 carry no stack map frames.
            if ((weaving.version & 0xFFFF) >= Opcodes.V1_6) {
                visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
            }
        }

        private Object[] locals(Type[] parameters) {
            List<Object> locals = new ArrayList<>();
            if (!isStatic) {
                locals.add(weaving.owner);
            }
            for (Type parameter : parameters) {
                locals.add(frameType(parameter));
            }
            return locals.toArray();
        }

        private void pushArguments(Type[] parameters) {
            pushInt(parameters.length);
            visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < parameters.length; i++) {
                Type parameter = parameters[i];
                visitInsn(Opcodes.DUP);
                pushInt(i);
                visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
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
